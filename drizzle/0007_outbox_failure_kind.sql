-- The named kind of a row's last failure: the outbox decides on it, `error_code` keeps the provider's code for staff.
ALTER TABLE "outbox_messages" ADD COLUMN "failure_kind" text;--> statement-breakpoint
-- Rows waiting for a retry after an answer that may have created the message (5xx, broken connection) keep asking the provider before any resend.
UPDATE "outbox_messages" SET "failure_kind" = 'may-have-been-sent' WHERE "status" = 'queued' AND ("error_code" IN ('network', '20500', '20503') OR "error_code" ~ '^http-5[0-9][0-9]$');
