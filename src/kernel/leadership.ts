/** Runs work that only one instance at a time may do (Telegram polling), the others standing by. */
export type AsLeader = (name: string, signal: AbortSignal, work: () => Promise<void>) => Promise<void>;
