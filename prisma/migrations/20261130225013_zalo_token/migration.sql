-- CreateTable
CREATE TABLE "ZaloToken" (
    "id" TEXT NOT NULL,
    "oaId" TEXT,
    "accessToken" TEXT NOT NULL,
    "refreshToken" TEXT NOT NULL,
    "accessExpiresAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "refusedAt" TIMESTAMP(3),
    "refusedReason" TEXT,

    CONSTRAINT "ZaloToken_pkey" PRIMARY KEY ("id")
);

