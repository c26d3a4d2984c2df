-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "localeChosen" BOOLEAN NOT NULL DEFAULT false;

