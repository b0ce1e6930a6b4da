import path from "node:path";
import { z } from "zod";

/**
 * What an admin command (scripts/*.ts) asks the running server, over the admin socket
 * (DATA_DIR/admin/hotro.sock), and what it answers. Every request is checked against this schema.
 */
const login = z.string().trim().min(1).max(100);

export const adminRequestSchema = z.discriminatedUnion("command", [
  z
    .object({
      command: z.literal("staff.save"),
      account: z
        .object({
          login,
          name: z.string().max(200),
          departments: z.array(z.string().min(1).max(100)).min(1).max(50),
          generalDuty: z.boolean(),
          password: z.string().min(1).max(1000),
        })
        .strict(),
    })
    .strict(),
  z.object({ command: z.literal("staff.deactivate"), login }).strict(),
  z.object({ command: z.literal("backup") }).strict(),
]);
export type AdminRequest = z.infer<typeof adminRequestSchema>;

export const adminResponseSchema = z.union([
  z.object({ ok: z.literal(true), result: z.record(z.string(), z.unknown()) }),
  z.object({ ok: z.literal(false), error: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
]);
export type AdminResponse = z.infer<typeof adminResponseSchema>;

/** The socket sits in a folder of its own with mode 0700: only the server's user can reach it. */
export const adminSocketDirOf = (dataDir: string) => path.resolve(dataDir, "admin");
export const adminSocketPathOf = (dataDir: string) => path.join(adminSocketDirOf(dataDir), "hotro.sock");
