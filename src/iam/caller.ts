/** The authenticated identity behind a request. */
export interface Caller {
  readonly accountId: string;
  /** `arn:aws:iam::<account>:root` for an account's admin key. */
  readonly arn: string;
  readonly accessKeyId: string;
  readonly kind: 'root' | 'user' | 'assumed-role';
}
