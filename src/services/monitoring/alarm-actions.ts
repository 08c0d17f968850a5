/**
 * What an alarm's actions reach outside the monitoring service, handed in by the composition root:
 * a Lambda function (AWS allows `arn:aws:lambda:…:function:NAME` as an alarm action, invoked
 * asynchronously with the alarm's state-change event) and an SQS queue (the state-change event as
 * the message body).
 */
export interface AlarmActionTargets {
  /** Queues an asynchronous invoke of `functionArn` in `accountId` with `event` (JSON) as payload. */
  invokeFunction(accountId: string, functionArn: string, event: string): Promise<void>;
  /** Sends `body` to the queue `queueArn` in `accountId`. */
  sendToQueue(accountId: string, queueArn: string, body: string): Promise<void>;
}
