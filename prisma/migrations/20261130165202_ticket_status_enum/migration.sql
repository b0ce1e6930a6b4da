-- A ticket's status becomes an enum; existing rows keep theirs (the cast fails on a value outside the life cycle).
CREATE TYPE "TicketStatus" AS ENUM ('awaiting_approval', 'parked', 'ready', 'claimed', 'resolved', 'withdrawn', 'rejected');

ALTER TABLE "Ticket" ALTER COLUMN "status" TYPE "TicketStatus" USING "status"::"TicketStatus";

-- Never written or read.
ALTER TABLE "Ticket" DROP COLUMN "subject";
