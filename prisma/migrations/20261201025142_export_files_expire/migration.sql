-- AlterTable
ALTER TABLE "PrivacyRequest" ADD COLUMN     "filesRemovedAt" TIMESTAMP(3);

