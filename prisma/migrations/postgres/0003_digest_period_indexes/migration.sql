-- CreateIndex
CREATE INDEX "Membership_joinedAt_idx" ON "Membership"("joinedAt");

-- CreateIndex
CREATE INDEX "PledgeEvent_kind_at_idx" ON "PledgeEvent"("kind", "at");

