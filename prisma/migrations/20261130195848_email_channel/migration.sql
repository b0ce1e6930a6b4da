-- DropIndex
DROP INDEX "Message_ticketId_createdAt_idx";

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "replyByEmail" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "EmailMessage" (
    "messageId" TEXT NOT NULL,
    "seq" SERIAL NOT NULL,
    "direction" TEXT NOT NULL,
    "ticketId" TEXT,
    "subject" TEXT,
    "inboundEventId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailMessage_pkey" PRIMARY KEY ("messageId")
);

-- CreateIndex
CREATE UNIQUE INDEX "EmailMessage_seq_key" ON "EmailMessage"("seq");

-- CreateIndex
CREATE INDEX "EmailMessage_ticketId_seq_idx" ON "EmailMessage"("ticketId", "seq");

-- CreateIndex
CREATE INDEX "Message_ticketId_seq_idx" ON "Message"("ticketId", "seq");

