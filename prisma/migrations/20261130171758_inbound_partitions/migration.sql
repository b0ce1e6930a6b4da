-- AlterTable
ALTER TABLE "InboundEvent" ADD COLUMN     "partitionKey" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "seq" BIGSERIAL NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "InboundEvent_seq_key" ON "InboundEvent"("seq");

-- CreateIndex
CREATE INDEX "InboundEvent_partitionKey_seq_idx" ON "InboundEvent"("partitionKey", "seq");

