-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "verifiedContact" TEXT;

-- AlterTable
ALTER TABLE "PrivacyRequest" ADD COLUMN     "destination" TEXT;


-- An email verification made before this column proved the address on file then: it stays.
UPDATE "Customer" SET "verifiedContact" = "email" WHERE "verifiedVia" = 'email' AND "email" IS NOT NULL;

-- A code sent back to a web chat visitor proved nothing (a visitor id is anyone's): not a verification.
UPDATE "Customer" SET "verifiedAt" = NULL, "verifiedVia" = NULL WHERE "verifiedVia" = 'webchat';
