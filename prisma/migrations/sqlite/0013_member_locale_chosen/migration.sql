-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Member" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "organization" TEXT,
    "category" TEXT,
    "country" TEXT,
    "timeZone" TEXT,
    "email" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "profileCompletedAt" DATETIME,
    "preferredPlatform" TEXT,
    "reminderOffsets" TEXT,
    "remindersOff" BOOLEAN NOT NULL DEFAULT false,
    "remindersPausedUntil" DATETIME,
    "importedAs" TEXT,
    "importKey" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "localeChosen" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_Member" ("category", "country", "createdAt", "email", "id", "importKey", "importedAs", "locale", "name", "organization", "preferredPlatform", "profileCompletedAt", "reminderOffsets", "remindersOff", "remindersPausedUntil", "timeZone", "updatedAt") SELECT "category", "country", "createdAt", "email", "id", "importKey", "importedAs", "locale", "name", "organization", "preferredPlatform", "profileCompletedAt", "reminderOffsets", "remindersOff", "remindersPausedUntil", "timeZone", "updatedAt" FROM "Member";
DROP TABLE "Member";
ALTER TABLE "new_Member" RENAME TO "Member";
CREATE UNIQUE INDEX "Member_importKey_key" ON "Member"("importKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

