import type { Check } from '../../engine/types.js';
import { leavesOf, typed } from './support/typed.js';
import { Verdict } from './support/verdict.js';

const STORAGE = 'harbor.persistence.imageChartStorage';
const MISPLACED = 'harbor.imageChartStorage';

export const valuesHarborS3: Check = {
  id: 'values-harbor-s3',
  area: 'values',
  title: 'Harbor S3 storage is configured where the Harbor chart reads it, with a real bucket, region and credentials',
  severity: 'high',
  appliesTo: (intent) => intent.harbor.enabled || 'harbor.enabled is false: no bundled Harbor registry',
  needs: [],
  evaluate: (intent) => {
    const values = intent.values;
    const v = typed(values.merged);
    const d = typed(values.defaults);
    const verdict = new Verdict();

    // The vendor guide's block: the Harbor chart never reads it, so Harbor silently stays on a PVC.
    const misplaced = v.raw(MISPLACED);
    if (misplaced !== undefined && misplaced !== null) {
      for (const leaf of leavesOf(misplaced, MISPLACED.split('.'))) verdict.note(leaf.path, leaf.value);
      verdict.fail(`${MISPLACED} is ignored by the Harbor chart: move these keys under ${STORAGE}`, MISPLACED);
    }

    v.map(STORAGE);
    const type = v.text(`${STORAGE}.type`);
    verdict.note(`${STORAGE}.type`, type);
    if (type !== 's3') return verdict.outcome(`Harbor stores images on '${type}' storage, not S3`);

    const s3 = `${STORAGE}.s3`;
    v.map(s3);
    const bucket = v.text(`${s3}.bucket`);
    verdict.note(`${s3}.bucket`, bucket);
    const placeholderBucket = d.text(`${s3}.bucket`);
    if (bucket === '') verdict.fail(`${s3}.bucket is not set`, `${s3}.bucket`);
    else if (bucket === placeholderBucket) verdict.fail(`${s3}.bucket is still the chart's placeholder '${bucket}'`, `${s3}.bucket`);

    const region = v.text(`${s3}.region`);
    verdict.note(`${s3}.region`, region);
    if (region === '') verdict.fail(`${s3}.region is not set`, `${s3}.region`);
    else if (region === d.text(`${s3}.region`) && !values.isUserSet(`${s3}.region`))
      verdict.fail(`${s3}.region was never set: it is the chart's placeholder '${region}'; set the bucket's region`, `${s3}.region`);

    const existingSecret = v.text(`${s3}.existingSecret`);
    const accessKey = v.text(`${s3}.accesskey`);
    const secretKey = v.text(`${s3}.secretkey`);
    if (existingSecret) verdict.note(`${s3}.existingSecret`, existingSecret);
    if (accessKey) verdict.note(`${s3}.accesskey`, accessKey);
    if (secretKey) verdict.note(`${s3}.secretkey`, secretKey);
    if (!existingSecret) {
      if (!accessKey && !secretKey)
        verdict.fail(`no S3 credentials: set ${s3}.existingSecret (or ${s3}.accesskey and ${s3}.secretkey)`, `${s3}.existingSecret`);
      else if (!accessKey || !secretKey)
        verdict.fail(`${s3}.${accessKey ? 'secretkey' : 'accesskey'} is missing: the registry needs both keys`, `${s3}.${accessKey ? 'secretkey' : 'accesskey'}`);
    }
    if (accessKey || secretKey)
      verdict.warn(`S3 keys are written in plain text in the values (${s3}.accesskey/secretkey): keep them in a Secret named by ${s3}.existingSecret`, `${s3}.${accessKey ? 'accesskey' : 'secretkey'}`);

    return verdict.outcome(`Harbor stores images in S3 bucket ${bucket} (${region}), credentials from Secret ${existingSecret}`);
  },
  remediation: 'manual',
  docs: {
    what: `S3 settings for Harbor's registry sit under ${STORAGE} (not ${MISPLACED}); with type: s3 the bucket and region are real (not the chart's placeholders 'bucketname' / an unset 'us-west-1'), and credentials come from s3.existingSecret or from s3.accesskey + s3.secretkey (the latter in plain text: warned).`,
    why: `The Harbor chart reads only ${STORAGE}; keys under ${MISPLACED} (as in the vendor's AWS guide) are silently ignored and Harbor keeps images on a 5 Gi PVC. With placeholder bucket or region, or no credentials, the registry cannot write and snapshot builds fail.`,
    fix: `Move the block: harbor.persistence.imageChartStorage: { type: s3, s3: { bucket: <bucket>, region: <region>, existingSecret: <secret> } }. Create the Secret with exactly REGISTRY_STORAGE_S3_ACCESSKEY and REGISTRY_STORAGE_S3_SECRETKEY (kubectl create secret generic <secret> -n <ns> --from-literal=REGISTRY_STORAGE_S3_ACCESSKEY=… --from-literal=REGISTRY_STORAGE_S3_SECRETKEY=…) instead of keys in values.`,
  },
};
