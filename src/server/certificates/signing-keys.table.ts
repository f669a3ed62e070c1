/** Certificate signing keys, oldest (generation 1) to newest; the newest signs, all verify. */
export interface SigningKeysTable {
  generation: number;
  kid: string;
  public_key: string;
  /** Encrypted with the platform secret (signing-keys.ts). */
  private_key: string;
  created_at: number;
}
