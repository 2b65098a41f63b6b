import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';

export const EditMessageMutation = graphql(`
  mutation EditMessage($input: EditMessageInput!) {
    editMessage(input: $input) {
      message {
        id
        ...MessageItem_message
      }
    }
  }
`);

/** The author changes their message; the payload (and, for the others, the live event) updates it in place. */
export const useEditMessage = () => {
  const [mutate, { loading }] = useMutation(EditMessageMutation);
  const edit = useCallback(
    async (messageId: string, body: string) => {
      await mutate({ variables: { input: { messageId, body: body.trim() } } });
    },
    [mutate],
  );
  return { edit, loading };
};
