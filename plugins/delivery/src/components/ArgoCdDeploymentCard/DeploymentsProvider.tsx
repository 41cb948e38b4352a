import { ReactNode } from 'react';
import { DeploymentsContext, useLoadDeployments } from './useDeployments';

/**
 * One load of the entity's Argo CD applications for every card below (the deployments card and
 * the rollout health card on the Delivery tab), so the tab asks the backend once.
 */
export function DeploymentsProvider(props: { children: ReactNode }) {
  const state = useLoadDeployments(true);
  return (
    <DeploymentsContext.Provider value={state}>
      {props.children}
    </DeploymentsContext.Provider>
  );
}
