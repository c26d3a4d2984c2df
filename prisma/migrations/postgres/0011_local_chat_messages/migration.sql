-- CreateTable
CREATE TABLE "LocalChatMessage" (
    "id" SERIAL NOT NULL,
    "user" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "proactive" BOOLEAN NOT NULL DEFAULT false,
    "body" TEXT NOT NULL,
    "deliveredAt" TIMESTAMP(3),
    "deliveryKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LocalChatMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LocalChatMessage_user_id_idx" ON "LocalChatMessage"("user", "id");

-- CreateIndex
CREATE INDEX "LocalChatMessage_user_deliveryKey_idx" ON "LocalChatMessage"("user", "deliveryKey");

-- CreateIndex
CREATE INDEX "LocalChatMessage_createdAt_idx" ON "LocalChatMessage"("createdAt");

