import { Entity } from '@backstage/catalog-model';
import { readDeliveryTargets } from './deliveryTargets';
import { readNotifyTarget } from './notifyTarget';

const entity = (notify?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    annotations:
      notify === undefined ? {} : { 'go-delivery.dev/notify': notify },
  },
});

describe('readNotifyTarget', () => {
  it('is undefined without the annotation: the configured kinds apply', () => {
    expect(readNotifyTarget(entity())).toBeUndefined();
  });

  it('reads kinds separated by commas, in any case and spacing, and "none"', () => {
    expect([...readNotifyTarget(entity(' Sync-Failed , abort,'))!]).toEqual([
      'sync-failed',
      'abort',
    ]);
    expect(readNotifyTarget(entity('none'))!.size).toBe(0);
  });

  it.each([
    ['none,abort', 'none'],
    [' , ', ' , '],
    ['sync-failed,deploys', 'deploys'],
    ['deploy', 'deploy'],
  ])('refuses %j naming the bad part', (value, named) => {
    expect(() => readNotifyTarget(entity(value))).toThrow(
      `Annotation 'go-delivery.dev/notify' is invalid: expected "none" or kinds separated by ","`,
    );
    expect(() => readNotifyTarget(entity(value))).toThrow(
      `got ${JSON.stringify(named)}`,
    );
  });

  it('is one of the delivery targets, its mistake degrading nothing else', () => {
    const targets = readDeliveryTargets(entity('rollback,bogus'));
    expect(() => targets.notify).toThrow('got "bogus"');
    expect(targets.errors.map(e => e.annotation)).toEqual([
      'go-delivery.dev/notify',
    ]);
    expect(targets.serviceName).toBe('payments-api');
  });
});
