-- AlterTable
ALTER TABLE "Member" ADD COLUMN "importKey" TEXT;
ALTER TABLE "Member" ADD COLUMN "importedAs" TEXT;

-- AlterTable
ALTER TABLE "Pledge" ADD COLUMN "externalId" TEXT;

-- CreateTable
CREATE TABLE "PledgeClaim" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pledgeId" INTEGER NOT NULL,
    "memberId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "requestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" DATETIME,
    "decidedById" TEXT,
    "reason" TEXT,
    CONSTRAINT "PledgeClaim_pledgeId_fkey" FOREIGN KEY ("pledgeId") REFERENCES "Pledge" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PledgeClaim_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "PledgeClaim_pledgeId_status_idx" ON "PledgeClaim"("pledgeId", "status");

-- CreateIndex
CREATE INDEX "PledgeClaim_memberId_idx" ON "PledgeClaim"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Member_importKey_key" ON "Member"("importKey");

-- CreateIndex
CREATE UNIQUE INDEX "Pledge_externalId_key" ON "Pledge"("externalId");

