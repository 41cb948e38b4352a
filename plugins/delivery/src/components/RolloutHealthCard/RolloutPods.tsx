import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import {
  RolloutReplicaSetView,
  RolloutView,
} from '@go-delivery/plugin-delivery-common';
import { Detail, Fact } from '../Facts';

function imagesOfRole(
  rollout: RolloutView,
  role: RolloutReplicaSetView['role'],
): string[] {
  return [
    ...new Set(
      rollout.replicaSets.filter(r => r.role === role).flatMap(r => r.images),
    ),
  ];
}

function Images(props: { images: string[] }) {
  if (props.images.length === 0) return <Detail>image not known</Detail>;
  return (
    <>
      {props.images.map(image => (
        <Detail key={image}>
          <code>{image}</code>
        </Detail>
      ))}
    </>
  );
}

function Hash(props: { value?: string }) {
  return props.value ? <code>{props.value}</code> : <>not reported</>;
}

/**
 * The stable pod template and, during an update, the one being rolled out: pod hash and
 * images of each, and the replica counts.
 */
export function RolloutPodFacts(props: { rollout: RolloutView }) {
  const { rollout } = props;
  const { replicas } = rollout;
  const stableImages = imagesOfRole(rollout, 'stable');
  return (
    <>
      {rollout.updating ? (
        <>
          <Fact label="Stable">
            <Hash value={rollout.stableHash} />
            <Images images={stableImages} />
          </Fact>
          <Fact label="Rolling out">
            <Hash value={rollout.currentHash} />
            <Images images={rollout.images} />
          </Fact>
        </>
      ) : (
        <Fact label="Running">
          <Hash value={rollout.stableHash ?? rollout.currentHash} />
          <Images
            images={rollout.images.length > 0 ? rollout.images : stableImages}
          />
        </Fact>
      )}
      <Fact label="Pods">
        {replicas.ready} of {replicas.desired} ready, {replicas.updated}{' '}
        updated, {replicas.available} available
      </Fact>
    </>
  );
}

const ROLE_LABELS: Record<RolloutReplicaSetView['role'], string> = {
  stable: 'stable',
  canary: 'canary',
  active: 'active',
  preview: 'preview',
  previous: 'previous',
};

/** The Rollout's ReplicaSets, newest revision first. */
export function ReplicaSetsTable(props: { rollout: RolloutView }) {
  const { rollout } = props;
  if (rollout.replicaSets.length === 0) return null;
  return (
    <Table size="small" aria-label={`ReplicaSets of ${rollout.name}`}>
      <TableHead>
        <TableRow>
          <TableCell>Revision</TableCell>
          <TableCell>Role</TableCell>
          <TableCell>Pod hash</TableCell>
          <TableCell>Images</TableCell>
          <TableCell>Ready</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rollout.replicaSets.map(rs => (
          <TableRow key={rs.name}>
            <TableCell>{rs.revision ?? '—'}</TableCell>
            <TableCell>{ROLE_LABELS[rs.role] ?? rs.role}</TableCell>
            <TableCell>
              {rs.podHash ? <code>{rs.podHash}</code> : '—'}
            </TableCell>
            <TableCell>
              {rs.images.map(image => (
                <code key={image} style={{ display: 'block' }}>
                  {image}
                </code>
              ))}
            </TableCell>
            <TableCell>
              {rs.readyReplicas}/{rs.replicas}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
