import { Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import {
  PromotionPreview,
  PromotionStepView,
} from '@go-delivery/plugin-delivery-common';
import { useMemo, useState } from 'react';
import {
  ActionButton,
  ActionDialog,
  ActionErrorAlert,
  ConfirmationField,
} from '../../kit';
import { RequestErrorPanel } from '../RequestErrorPanel';
import { OverrideFields } from './OverrideFields';
import { PromotionPreviewPanel } from './PromotionPreviewPanel';
import { PromotionResultPanel } from './PromotionResultPanel';
import {
  PromotionForm,
  promoteLabel,
  promotionRequest,
  promotionTarget,
} from './promotionRequest';
import { usePromotionFlow } from './usePromotionFlow';

/** @public */
export interface PromoteDialogProps {
  /** The step to promote; the dialog is open while it is set. */
  step?: PromotionStepView;
  /** Whether the signed-in user may promote despite shut gates. */
  canOverride: boolean;
  onClose: () => void;
}

const TITLE_ID = 'delivery-promote-title';

/** The preview's form: the typed confirmation and, when gates are shut, the override. */
function PromotionFormFields(props: {
  preview: PromotionPreview;
  canOverride: boolean;
  form: PromotionForm;
  onChange: (form: PromotionForm) => void;
  disabled: boolean;
}) {
  const { preview, form, onChange, disabled } = props;
  return (
    <>
      {!preview.open && (
        <OverrideFields
          gates={preview.gates}
          canOverride={props.canOverride}
          reason={form.override}
          onChange={override => onChange({ ...form, override })}
          disabled={disabled}
        />
      )}
      {preview.confirmationName && (
        <ConfirmationField
          id="delivery-promote-confirmation"
          name={preview.confirmationName}
          value={form.confirmation}
          onChange={confirmation => onChange({ ...form, confirmation })}
          disabled={disabled}
        />
      )}
    </>
  );
}

/** One opening of the dialog: its own preview, form, key and result. */
function PromoteDialogSession(props: {
  step: PromotionStepView;
  canOverride: boolean;
  onClose: () => void;
}) {
  const { step, canOverride, onClose } = props;
  const { entity } = useEntity();
  const target = useMemo(() => promotionTarget(step), [step]);
  const { preview, promotion, submit } = usePromotionFlow(
    target,
    step.to.environment,
  );
  const [form, setForm] = useState<PromotionForm>({ confirmation: '' });
  const submitting = promotion.pending !== undefined;

  let content: React.ReactNode;
  let actions: React.ReactNode;
  if (promotion.result) {
    content = (
      <PromotionResultPanel
        result={promotion.result}
        gates={preview.value?.gates ?? step.gates}
      />
    );
    actions = (
      <Button color="primary" variant="contained" onClick={onClose}>
        Close
      </Button>
    );
  } else if (preview.value) {
    const request = promotionRequest(target, preview.value, form, canOverride);
    const overriding =
      !preview.value.open && canOverride && form.override !== undefined;
    content = (
      <>
        <PromotionPreviewPanel preview={preview.value} />
        <PromotionFormFields
          preview={preview.value}
          canOverride={canOverride}
          form={form}
          onChange={setForm}
          disabled={submitting}
        />
        <ActionErrorAlert
          error={promotion.error}
          onClose={promotion.dismissError}
        />
      </>
    );
    actions = (
      <>
        <Button onClick={onClose} disabled={submitting}>
          Cancel
        </Button>
        <ActionButton
          color="secondary"
          busy={submitting}
          disabled={!request}
          onClick={() => request && submit(request)}
        >
          {promoteLabel(preview.value, overriding)}
        </ActionButton>
      </>
    );
  } else {
    content = preview.error ? (
      <RequestErrorPanel error={preview.error} title="Preview" />
    ) : (
      <Progress />
    );
    actions = (
      <>
        <Button onClick={onClose}>Cancel</Button>
        {preview.error && (
          <Button color="primary" onClick={preview.retry}>
            Preview again
          </Button>
        )}
      </>
    );
  }

  return (
    <ActionDialog
      titleId={TITLE_ID}
      title={`Promote ${entity.metadata.title ?? entity.metadata.name} to ${
        step.to.environment
      }`}
      busy={submitting}
      onClose={onClose}
      actions={actions}
    >
      {content}
    </ActionDialog>
  );
}

/**
 * Promotes the image one environment runs into the next through the GitOps repository: the
 * backend's preview first (the gates as they are now, the image and the diff), the name typed
 * for production-like targets, an explicit override with a reason when gates are shut and the
 * policy allows it, then one commit or pull request per submission.
 *
 * @public
 */
export function PromoteDialog(props: PromoteDialogProps) {
  if (!props.step) return null;
  return (
    <PromoteDialogSession
      step={props.step}
      canOverride={props.canOverride}
      onClose={props.onClose}
    />
  );
}
