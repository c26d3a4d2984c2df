-- CreateTable
CREATE TABLE "MeetingException" (
    "id" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "occurrenceAt" TIMESTAMP(3) NOT NULL,
    "startLocal" TEXT,
    "cancelled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MeetingException_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MeetingException_meetingId_occurrenceAt_key" ON "MeetingException"("meetingId", "occurrenceAt");

-- AddForeignKey
ALTER TABLE "MeetingException" ADD CONSTRAINT "MeetingException_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

