/** What CloudTrail delivery keeps in the store: per-trail progress, delivered log files and signing keys. */

/** One trail's delivery progress, chain and status. Times are epoch milliseconds. */
export interface TrailDeliveryState {
  readonly trailArn: string;
  /** `seq` of the last event delivery has read for this trail (0: none yet). */
  readonly lastSeq: number;
  /** When the trail started logging (StartLogging); unset while it is not logging. */
  readonly loggingSince?: number;
  /** The digest chain: the last digest delivered (unset: the next digest is a start digest). */
  readonly lastDigestKey?: string;
  readonly lastDigestBucket?: string;
  /** Hex SHA-256 of the last digest's uncompressed content. */
  readonly lastDigestHash?: string;
  /** Hex signature of the last digest. */
  readonly lastDigestSignature?: string;
  readonly lastDigestEnd?: number;
  /** Id of the last log file a digest listed: the next digest lists the ones after it. */
  readonly digestedLogId: number;
  readonly latestDeliveryTime?: number;
  readonly latestDeliveryAttemptTime?: number;
  readonly latestDeliveryError?: string;
  readonly latestDigestTime?: number;
  readonly latestDigestError?: string;
}

export interface NewDeliveredLogFile {
  readonly trailArn: string;
  readonly bucket: string;
  readonly objectKey: string;
  /** Hex SHA-256 of the uncompressed content. */
  readonly sha256: string;
  readonly oldestEventTime: number;
  readonly newestEventTime: number;
  readonly deliveredAt: number;
}

export interface DeliveredLogFile extends NewDeliveredLogFile {
  /** Delivery order, never reused. */
  readonly id: number;
}

/** A digest signing key. The private key is sealed by the key service; it is never stored in the clear. */
export interface TrailSigningKey {
  readonly fingerprint: string;
  /** DER PKCS#1 RSA public key. */
  readonly publicKeyDer: Buffer;
  /** DER PKCS#8 private key sealed with the key service, bound to the fingerprint. */
  readonly sealedPrivateKey: Buffer;
  readonly validFrom: number;
  readonly validTo: number;
}
