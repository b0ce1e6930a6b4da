-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "verifiedContact" TEXT;

-- AlterTable
ALTER TABLE "PrivacyRequest" ADD COLUMN     "destination" TEXT;

