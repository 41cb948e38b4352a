import {
  PromotionGate,
  PromotionResult,
} from '@go-delivery/plugin-delivery-common';
import { ActionResult, GitChangeFacts } from '../../kit';
import { Detail, Fact } from '../Facts';

/** What the promotion did: the commit or pull request, and the gates it overrode. */
export function PromotionResultPanel(props: {
  result: PromotionResult;
  /** The gates of the preview, to name the overridden ones by their titles. */
  gates: PromotionGate[];
}) {
  const { result, gates } = props;
  const titleOf = (id: string) => gates.find(g => g.id === id)?.title ?? id;
  return (
    <ActionResult
      label="Promotion result"
      message={result.message}
      replayed={result.replayed}
    >
      <GitChangeFacts commit={result.commit} pullRequest={result.pullRequest} />
      {result.overridden && (
        <Fact label="Overridden gates">
          {result.overridden.gates.map(titleOf).join(', ')}
          <Detail>Reason: {result.overridden.reason}</Detail>
        </Fact>
      )}
    </ActionResult>
  );
}
