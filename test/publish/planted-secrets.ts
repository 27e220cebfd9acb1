/**
 * Run records shaped as each importer produces them (tracker-specific tags, params, configs and
 * metadata), with secrets and personal data planted where real runs carry them.
 */
export const SECRETS = {
  awsKey: 'AKIAIOSFODNN7EXAMPLE',
  githubToken: `ghp_${'A1b2C3d4E5'.repeat(4)}`,
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl',
  dbPassword: 'S3cr3tPw',
  plainPassword: 'hunter2-plain',
  plainApiKey: 'plainkeyvalue123',
  plainToken: 'tok-plain-123',
  privateKey: 'MIIEowIBAAKCAQEAprivatekeymaterial',
  user: 'alice-smith',
  fullName: 'Alice Smith',
  email: 'alice.smith@acme.example.com',
  host: 'node3.acme.internal',
  hostByKey: 'gpu-box-7',
  ip: '10.1.2.3',
  homePath: '/home/alice-smith/projects',
  windowsUser: 'asmith',
} as const;

const S = SECRETS;
const base = (tracker: string, runId: string) => ({
  source: { tracker, location: `${tracker}/${runId}`, runId },
  status: 'finished',
  implementation: 'sklearn.ensemble.RandomForestClassifier',
  environment: { libraries: { 'scikit-learn': '1.5.2' } },
  metrics: { 'train/loss': 0.3 },
});

export const plantedRuns = (): Record<string, unknown>[] => [
  {
    ...base('mlflow', 'm1'),
    // Databricks names experiments after the user's workspace folder.
    experiment: { name: `/Users/${S.email}/credit` },
    user: S.user,
    params: { n_estimators: 100, db_password: S.plainPassword, max_tokens: 256 },
    tags: {
      'mlflow.user': S.user,
      'mlflow.source.name': `${S.homePath}/train.py`,
      'mlflow.source.git.repoURL': `https://${S.user}:${S.githubToken}@github.com/acme/credit.git`,
      'mlflow.source.git.commit': '0123456789abcdef0123456789abcdef01234567',
      'mlflow.runName': 'forest',
    },
    datasets: [{ name: 'credit', source: `postgresql://etl:${S.dbPassword}@db.acme.example.com:5432/credit`, digest: 'abcd1234' }],
    code: { repository: `https://${S.user}:${S.githubToken}@github.com/acme/credit.git`, commit: '0123456789abcdef0123456789abcdef01234567' },
    models: [{ id: 'mdl', uri: `file://${S.homePath}/mlruns/1/m1/artifacts/model` }],
  },
  {
    ...base('wandb', 'w1'),
    experiment: { name: 'credit' },
    // W&B logs its config as nested dicts.
    params: { optimizer: { lr: 0.01, momentum: 0.9 }, wandb: { api_key: S.plainApiKey, project: 'credit' }, max_depth: 8 },
    tags: { 'wandb.entity': S.user, 'wandb.notes': `ran on ${S.host} with Authorization: Bearer ${S.jwt}`, baseline: '' },
  },
  {
    ...base('tensorboard', 'tb1'),
    params: { data_dir: `${S.homePath}/data`, learning_rate: 0.1, launch: `env AWS=${S.awsKey} python train.py` },
    tags: { 'tensorboard.host': S.hostByKey },
  },
  {
    ...base('guild', 'g1'),
    params: { aws_access_key_id: S.awsKey, batch_size: 32 },
    tags: { 'guild.opref': `guildfile:${S.homePath}/guild.yml 'abc' train`, 'guild.status': 'completed' },
  },
  {
    ...base('sacred', 's1'),
    params: { db: { url: `mysql://root:${S.dbPassword}@${S.ip}/runs`, pool: 5 }, seed: 1 },
    tags: { 'sacred.command': 'main', contact: S.email, deploy: `-----BEGIN OPENSSH PRIVATE KEY-----\n${S.privateKey}\n-----END OPENSSH PRIVATE KEY-----` },
  },
  {
    ...base('dvc', 'd1'),
    params: { 'train.api_token': S.plainToken, 'train.epochs': 5 },
    tags: { 'dvc.kind': 'experiment', 'dvc.message': `read C:\\Users\\${S.windowsUser}\\data.csv` },
  },
  {
    ...base('openml', 'o1'),
    user: S.fullName,
    params: { criterion: 'gini' },
    tags: { 'openml.uploader': '4711', 'openml.setup_string': `weka.classifiers.trees.J48 -C 0.25 -D ${S.homePath}`, 'openml.task_type': 'Supervised Classification' },
    datasets: [{ name: 'credit-g', source: 'https://www.openml.org/d/31' }],
  },
];
