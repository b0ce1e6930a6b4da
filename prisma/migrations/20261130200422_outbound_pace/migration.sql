-- CreateTable
CREATE TABLE "OutboundPace" (
    "key" TEXT NOT NULL,
    "due" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OutboundPace_pkey" PRIMARY KEY ("key")
);

