-- CreateTable
CREATE TABLE "SlackMessageRef" (
    "key" TEXT NOT NULL,
    "ticketId" TEXT,
    "channel" TEXT NOT NULL,
    "ts" TEXT NOT NULL,
    "digest" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SlackMessageRef_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "SlackMessageRef_ticketId_idx" ON "SlackMessageRef"("ticketId");

-- CreateIndex
CREATE INDEX "SlackMessageRef_channel_ts_idx" ON "SlackMessageRef"("channel", "ts");
