import { makeStyles } from '@material-ui/core/styles';
import {
  PipelineRunView,
  VulnerabilityCounts,
} from '@go-delivery/plugin-delivery-common';
import { readableStatusColors } from '../../utils/readableColors';

const useStyles = makeStyles(theme => {
  const colors = readableStatusColors(theme);
  return {
    list: {
      display: 'flex',
      flexWrap: 'wrap',
      gap: theme.spacing(0.5),
      listStyle: 'none',
      margin: 0,
      padding: 0,
    },
    // Text in a readable colour on the card's own background, outlined in the same colour.
    badge: {
      display: 'inline-block',
      border: '1px solid currentColor',
      borderRadius: 10,
      padding: theme.spacing(0, 0.75),
      fontSize: theme.typography.caption.fontSize,
      lineHeight: '18px',
      whiteSpace: 'nowrap',
      color: theme.palette.text.primary,
    },
    good: { color: colors.goodText },
    bad: { color: colors.badText },
    mono: { fontFamily: 'monospace' },
  };
});

/** `sha256:` and the first 12 hex digits, as registries and `docker images` shorten it. */
export function shortDigest(digest: string): string {
  const [algorithm, hex = ''] = digest.split(':');
  return `${algorithm}:${hex.slice(0, 12)}`;
}

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

/** `0 critical, 1 high, 2 medium, 3 low` (and `, 4 unknown` when the scan reports that). */
export function vulnerabilitySummary(counts: VulnerabilityCounts): string {
  const parts = SEVERITIES.map(s => `${counts[s]} ${s}`);
  if (counts.unknown !== undefined) parts.push(`${counts.unknown} unknown`);
  return parts.join(', ');
}

/** The short text on the badge: the non-zero counts, or that there are none. */
function vulnerabilityText(counts: VulnerabilityCounts): string {
  if (counts.total === 0) return 'No vulnerabilities';
  const parts = [...SEVERITIES, 'unknown' as const]
    .filter(s => (counts[s] ?? 0) > 0)
    .map(s => `${counts[s]} ${s}`);
  return parts.length > 0 ? parts.join(' · ') : `${counts.total} found`;
}

/** Where the counts come from: the result, and the TaskRun when the run itself has none. */
function vulnerabilitySource(counts: VulnerabilityCounts): string {
  return counts.taskRun
    ? `From ${counts.source} of TaskRun ${counts.taskRun}`
    : `From ${counts.source}`;
}

/**
 * What the run says about the image it built, one badge per fact it reports: the digest, the
 * SBOM, the vulnerability scan, the signature check and Tekton Chains' signing. Each badge's
 * accessible name says it in words. Shown on the run, and on the environment that deploys the
 * image.
 */
export function SupplyChainBadges(props: {
  run: Pick<PipelineRunView, 'name' | 'image' | 'supplyChain'>;
}) {
  const { run } = props;
  const classes = useStyles();
  const digest = run.image?.digest;
  const { sbom, vulnerabilities, signature, chains } = run.supplyChain ?? {};
  if (!digest && !sbom && !vulnerabilities && !signature && !chains) {
    return <>—</>;
  }
  let vulnerabilityClass = '';
  if (vulnerabilities && vulnerabilities.critical + vulnerabilities.high > 0) {
    vulnerabilityClass = classes.bad;
  } else if (vulnerabilities?.total === 0) {
    vulnerabilityClass = classes.good;
  }
  return (
    <ul className={classes.list} aria-label={`Supply chain of ${run.name}`}>
      {digest && (
        <li>
          <span
            role="img"
            aria-label={`Image digest ${shortDigest(digest)}`}
            title={run.image?.url ? `${run.image.url}@${digest}` : digest}
            className={`${classes.badge} ${classes.mono}`}
          >
            {shortDigest(digest)}
          </span>
        </li>
      )}
      {sbom && (
        <li>
          <span
            role="img"
            aria-label="SBOM attached"
            title={`${sbom.uri}${
              sbom.predicateType ? ` (${sbom.predicateType})` : ''
            }`}
            className={classes.badge}
          >
            SBOM
          </span>
        </li>
      )}
      {vulnerabilities && (
        <li>
          <span
            role="img"
            aria-label={`Vulnerabilities: ${vulnerabilitySummary(
              vulnerabilities,
            )}`}
            title={vulnerabilitySource(vulnerabilities)}
            className={`${classes.badge} ${vulnerabilityClass}`}
          >
            {vulnerabilityText(vulnerabilities)}
          </span>
        </li>
      )}
      {signature && (
        <li>
          <span
            role="img"
            aria-label={
              signature.verified
                ? 'Signature verified'
                : 'Signature not verified'
            }
            className={`${classes.badge} ${
              signature.verified ? classes.good : classes.bad
            }`}
          >
            {signature.verified ? 'Signed ✓' : 'Signature ✗'}
          </span>
        </li>
      )}
      {chains && (
        <li>
          {/* Signed is not verified: no colour of success, only of failure. */}
          <span
            role="img"
            aria-label={
              chains.signed
                ? 'Signed by Tekton Chains'
                : 'Tekton Chains failed to sign'
            }
            title={`chains.tekton.dev/signed: ${
              chains.signed ? 'true' : 'failed'
            }`}
            className={`${classes.badge} ${chains.signed ? '' : classes.bad}`}
          >
            {chains.signed ? 'Chains ✓' : 'Chains ✗'}
          </span>
        </li>
      )}
    </ul>
  );
}
