-- CreateTable
CREATE TABLE "SlackHomeWatcher" (
    "slackUserId" TEXT NOT NULL,
    "departments" TEXT[],
    "shown" TEXT[],
    "digest" TEXT NOT NULL DEFAULT '',
    "openedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SlackHomeWatcher_pkey" PRIMARY KEY ("slackUserId")
);

-- CreateIndex
CREATE INDEX "SlackHomeWatcher_openedAt_idx" ON "SlackHomeWatcher"("openedAt");

