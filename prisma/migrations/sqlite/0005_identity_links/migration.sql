-- AlterTable
ALTER TABLE "LinkCode" ADD COLUMN "identity" TEXT;

-- CreateTable
CREATE TABLE "PendingLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerId" TEXT NOT NULL,
    "ownerIdentity" TEXT NOT NULL,
    "claimerId" TEXT NOT NULL,
    "claimerIdentity" TEXT NOT NULL,
    "ownerConfirmedAt" DATETIME,
    "claimerConfirmedAt" DATETIME,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "MemberLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "memberId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "by" TEXT NOT NULL,
    "identityA" TEXT NOT NULL,
    "identityB" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "PendingLink_ownerId_idx" ON "PendingLink"("ownerId");

-- CreateIndex
CREATE INDEX "PendingLink_claimerId_idx" ON "PendingLink"("claimerId");

-- CreateIndex
CREATE INDEX "MemberLink_memberId_idx" ON "MemberLink"("memberId");

