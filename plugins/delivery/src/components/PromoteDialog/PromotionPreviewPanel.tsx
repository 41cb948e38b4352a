import Typography from '@material-ui/core/Typography';
import { PromotionPreview } from '@go-delivery/plugin-delivery-common';
import { GitopsChangeView } from '../../kit';
import { Fact, Facts, GitopsDestinationFact } from '../Facts';
import { PromotionGateList } from './PromotionGateList';

/** What the promotion will change and the gates as they are now; nothing has changed yet. */
export function PromotionPreviewPanel(props: { preview: PromotionPreview }) {
  const { preview } = props;
  const { image, gitops } = preview;
  return (
    <section aria-label="Promotion preview">
      <Typography variant="body1" component="p" gutterBottom>
        {preview.summary}
      </Typography>
      <Facts>
        <Fact label="Image">
          <code>{image.from.reference}</code>
          {' → '}
          <code>{image.to.reference}</code>
        </Fact>
        <GitopsDestinationFact gitops={gitops} />
      </Facts>
      <Typography variant="subtitle2" component="h3">
        Gates, checked now
      </Typography>
      <PromotionGateList gates={preview.gates} label="Gates, checked now" />
      <GitopsChangeView gitops={gitops} />
    </section>
  );
}
