-- DropIndex
DROP INDEX "InboundEvent_processedAt_receivedAt_idx";

-- AlterTable
ALTER TABLE "InboundEvent" ADD COLUMN     "partitionKey" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "seq" BIGSERIAL NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "InboundEvent_seq_key" ON "InboundEvent"("seq");

-- CreateIndex
CREATE INDEX "InboundEvent_processedAt_seq_idx" ON "InboundEvent"("processedAt", "seq");

-- CreateIndex
CREATE INDEX "InboundEvent_partitionKey_processedAt_seq_idx" ON "InboundEvent"("partitionKey", "processedAt", "seq");

