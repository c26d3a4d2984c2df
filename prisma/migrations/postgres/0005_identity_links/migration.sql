-- AlterTable
ALTER TABLE "LinkCode" ADD COLUMN     "identity" TEXT;

-- CreateTable
CREATE TABLE "PendingLink" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "ownerIdentity" TEXT NOT NULL,
    "claimerId" TEXT NOT NULL,
    "claimerIdentity" TEXT NOT NULL,
    "ownerConfirmedAt" TIMESTAMP(3),
    "claimerConfirmedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PendingLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MemberLink" (
    "id" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "by" TEXT NOT NULL,
    "identityA" TEXT NOT NULL,
    "identityB" TEXT NOT NULL,

    CONSTRAINT "MemberLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PendingLink_ownerId_idx" ON "PendingLink"("ownerId");

-- CreateIndex
CREATE INDEX "PendingLink_claimerId_idx" ON "PendingLink"("claimerId");

-- CreateIndex
CREATE INDEX "MemberLink_memberId_idx" ON "MemberLink"("memberId");

