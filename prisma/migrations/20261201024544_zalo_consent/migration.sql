-- AlterTable
ALTER TABLE "ZaloToken" ADD COLUMN     "connectedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ZaloConsent" (
    "stateHash" TEXT NOT NULL,
    "codeVerifier" TEXT NOT NULL,
    "browserHash" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ZaloConsent_pkey" PRIMARY KEY ("stateHash")
);

