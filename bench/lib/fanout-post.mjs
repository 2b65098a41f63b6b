// How the fan-out phases post a message: shared by the fan-out runs (run.mjs) and the rate sweep.
import { randomBytes } from 'node:crypto';
import { graphql, now, sleep } from './util.mjs';

const sendMessageMutation = `mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { message { id } } }`;

/**
 * Posts message `seq` to Workroom (sendMessage over HTTP, as the employer) or to the floor (a
 * PUBLISH of the very bytes a graphql-ws subscriber of messageAdded gets, its subscription being
 * id "1"), stamped with its send time in the body. Resolves with the send and answer times.
 */
export function poster({ isWorkroom, server, channelGlobalId, employerToken, redis, floorChannel }) {
  return async (seq) => {
    const sentAt = now();
    const body = `bench ${seq} ${sentAt.toFixed(3)}`;
    if (isWorkroom) {
      const result = await graphql(server.graphqlUrl, sendMessageMutation, {
        token: employerToken,
        variables: { input: { channelId: channelGlobalId, body } },
        timeoutMs: 60_000,
      }).catch(async (error) => {
        await sleep(200);
        const exit = server.record?.exit;
        throw exit
          ? new Error(`sendMessage failed: ${server.name ?? 'Workroom'} exited (code ${exit.code}, signal ${exit.signal}); log: ${server.logFile}`)
          : error;
      });
      if (result.errors) throw new Error(`sendMessage failed: ${JSON.stringify(result.errors).slice(0, 300)}`);
    } else {
      const payload = JSON.stringify({
        id: '1',
        type: 'next',
        payload: {
          data: {
            messageAdded: {
              cursor: Buffer.from(`event:${seq}`).toString('base64url'),
              message: {
                id: Buffer.from(`Message:${randomBytes(16).toString('hex')}`).toString('base64url'),
                body,
                createdAt: new Date().toISOString(),
                author: { name: 'Morgan Lee' },
              },
            },
          },
        },
      });
      await redis.publish(floorChannel, payload);
    }
    return { seq, sentAt, ackAt: now() };
  };
}
