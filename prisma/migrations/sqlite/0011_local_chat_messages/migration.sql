-- CreateTable
CREATE TABLE "LocalChatMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "user" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "proactive" BOOLEAN NOT NULL DEFAULT false,
    "body" TEXT NOT NULL,
    "deliveredAt" DATETIME,
    "deliveryKey" TEXT,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "LocalChatMessage_user_id_idx" ON "LocalChatMessage"("user", "id");

-- CreateIndex
CREATE INDEX "LocalChatMessage_user_deliveryKey_idx" ON "LocalChatMessage"("user", "deliveryKey");

-- CreateIndex
CREATE INDEX "LocalChatMessage_createdAt_idx" ON "LocalChatMessage"("createdAt");

