-- AlterTable
ALTER TABLE "CustomerIdentity" ADD COLUMN     "lastInteractionAt" TIMESTAMP(3);


-- Identities known before: their customer's latest message on that channel is the last interaction we can tell.
UPDATE "CustomerIdentity" AS i
SET "lastInteractionAt" = latest.at
FROM (
  SELECT m."customerId", m."channel", MAX(m."createdAt") AS at
  FROM "Message" AS m
  WHERE m."direction" = 'in' AND m."customerId" IS NOT NULL
  GROUP BY m."customerId", m."channel"
) AS latest
WHERE latest."customerId" = i."customerId" AND latest."channel" = i."channel";
