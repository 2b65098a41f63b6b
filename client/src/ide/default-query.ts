export const DASHBOARD_QUERY = `# Sign in above (or paste a token),
# then run with Ctrl/Cmd+Enter.

query Dashboard {
  viewer {
    name
    role
    activeContracts(first: 10) {
      totalCount
      edges {
        node {
          id
          title
          status
          organization {
            name
          }
          billingSummary {
            paidOut { amount currency }
            activeAndFunded { amount currency }
            pendingApproval { amount currency }
            totalBudget { amount currency }
          }
          milestones(first: 20) {
            edges {
              node {
                number
                title
                status
                amount { amount currency }
                dueAt
              }
            }
          }
        }
      }
    }
  }
}
`;
