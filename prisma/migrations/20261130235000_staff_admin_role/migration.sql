-- AlterTable
ALTER TABLE "Staff" ADD COLUMN     "admin" BOOLEAN NOT NULL DEFAULT false;


-- The first account that can sign in administers the others (existing installations keep one administrator).
UPDATE "Staff" SET "admin" = true
WHERE "id" = (SELECT "id" FROM "Staff" WHERE "passwordHash" IS NOT NULL AND "active" ORDER BY "createdAt", "id" LIMIT 1);
