import { useQuery } from '@apollo/client/react';

import { graphql } from '../../gql';

export const ContractPeopleQuery = graphql(`
  query ContractPeople($contractId: ID!) {
    node(id: $contractId) {
      __typename
      id
      ... on Contract {
        job {
          id
        }
        trainer {
          id
          name
        }
      }
    }
  }
`);

/** The contract's job and trainer: who an employer can invite to a meeting or a group channel from here. */
export const useContractPeople = (contractId: string) => {
  const { data } = useQuery(ContractPeopleQuery, { variables: { contractId } });
  return data?.node?.__typename === 'Contract' ? data.node : null;
};
