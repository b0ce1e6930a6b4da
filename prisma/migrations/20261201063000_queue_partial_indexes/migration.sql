-- The work queues are read from their unfinished rows only, in arrival order: partial indexes hold
-- just those rows (a few hundred under a backlog, not every event ever received), so taking the next
-- head walks a short index in order and stops at the first free one, whatever the planner's statistics.
-- Prisma's schema cannot express partial indexes; `prisma migrate diff` leaves them alone.
CREATE INDEX "InboundEvent_unfinished_seq_idx" ON "InboundEvent"("seq")
  WHERE "processedAt" IS NULL AND "failedAt" IS NULL;
CREATE INDEX "InboundEvent_unfinished_partition_idx" ON "InboundEvent"("partitionKey", "seq")
  WHERE "processedAt" IS NULL AND "failedAt" IS NULL;
CREATE INDEX "OutboxMessage_pending_seq_idx" ON "OutboxMessage"("seq") WHERE "status" = 'pending';
CREATE INDEX "OutboxMessage_pending_destination_idx" ON "OutboxMessage"("destination", "seq") WHERE "status" = 'pending';

-- Rows of these tables are updated two or three times within seconds of their insert: vacuum and
-- fresh statistics keep the queue's index scans short under a burst (the defaults wait for 20 % of
-- the table to be dead).
ALTER TABLE "InboundEvent" SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_cost_delay = 0);
ALTER TABLE "OutboxMessage" SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_cost_delay = 0);
