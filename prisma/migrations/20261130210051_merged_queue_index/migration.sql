-- CreateIndex
CREATE INDEX "Ticket_status_readyAt_number_idx" ON "Ticket"("status", "readyAt", "number");

