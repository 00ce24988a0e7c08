// Key service throughput, as a sops client sees it: node's grpc-js (from .tools/grpc-node, scripts/setup.sh) on the
// repository's keyservice.proto. Wraps a 32-byte data key once with Encrypt, then keeps CONCURRENCY Decrypts of it in
// flight on one channel for SECONDS and prints {calls, per_second, errors, wrong, p50, p99} (latencies in ms).
//   NODE_PATH=.tools/grpc-node/node_modules node bench/keyservice-load.js PROTO TARGET RECIPIENT SECONDS CONCURRENCY
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');
const [proto, target, recipient, seconds, concurrency] = process.argv.slice(2);
const KeyService = grpc.loadPackageDefinition(loader.loadSync(proto, { keepCase: true, oneofs: true })).KeyService;
const client = new KeyService(target, grpc.credentials.createInsecure());
const key = { age_key: { recipient } };
const dataKey = Buffer.alloc(32, 7);
const call = (method, req) => new Promise((done, fail) =>
  client[method](req, { deadline: Date.now() + 30000 }, (err, rsp) => (err ? fail(err) : done(rsp))));
(async () => {
  const { ciphertext } = await call('Encrypt', { key, plaintext: dataKey });
  const ms = [];
  let errors = 0, wrong = 0;
  const end = Date.now() + Number(seconds) * 1000;
  const started = Date.now();
  const worker = async () => {
    while (Date.now() < end) {
      const t = process.hrtime.bigint();
      try {
        const { plaintext } = await call('Decrypt', { key, ciphertext });
        if (!Buffer.from(plaintext).equals(dataKey)) wrong++;
      } catch { errors++; }
      ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: Number(concurrency) }, worker));
  const elapsed = (Date.now() - started) / 1000;
  ms.sort((a, b) => a - b);
  const at = q => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
  console.log(JSON.stringify({ calls: ms.length, per_second: Math.round(ms.length / elapsed), errors, wrong,
    p50: +at(0.5).toFixed(1), p99: +at(0.99).toFixed(1) }));
  client.close();
})().catch(e => { console.error(e.message); process.exit(1); });
