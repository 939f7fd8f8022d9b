// Offline validation of the deployment files: docker-compose.yml, every manifest under k8s/ and the
// Dockerfiles. Run through scripts/validate-deploy.sh, which installs the npm tools this imports.
//
//   node deploy/validate/validate.mjs <repo-root> <tools-dir>
//
// Prints one line per problem ("ERROR <file>: <what>") and exits 1 if there is any.
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const [repo, toolsDir] = process.argv.slice(2);
if (!repo || !toolsDir) {
  console.error("usage: validate.mjs <repo-root> <tools-dir>");
  process.exit(2);
}
// The tools live outside the repo (installed by the shell script): resolve them from there.
const require = createRequire(path.join(toolsDir, "package.json"));
const YAML = require("yaml");
const Ajv2019 = require("ajv/dist/2019").default;
const addFormats = require("ajv-formats").default;

const errors = [];
const notes = [];
const rel = (p) => path.relative(repo, p) || p;
const error = (file, msg) => errors.push(`ERROR ${rel(file)}: ${msg}`);
const note = (msg) => notes.push(msg);
const exists = (p) => fs.existsSync(p);

function parseYamlDocs(file) {
  const text = fs.readFileSync(file, "utf8");
  const docs = YAML.parseAllDocuments(text, { merge: true, prettyErrors: true, uniqueKeys: true });
  const out = [];
  docs.forEach((doc, i) => {
    for (const e of doc.errors) error(file, `YAML document ${i + 1}: ${e.message}`);
    for (const w of doc.warnings) error(file, `YAML document ${i + 1}: ${w.message}`);
    if (doc.errors.length === 0) {
      const value = doc.toJS({ maxAliasCount: 1000 });
      if (value !== null && value !== undefined) out.push(value);
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// docker-compose.yml
// ---------------------------------------------------------------------------------------------
const REQUIRED_COMPOSE_SERVICES = ["postgres", "mosquitto", "simulator", "device-gateway", "mib-service", "web-api", "alert-service", "nut-server"];
const SECRET_KEY = /(PASSWORD|SECRET|SESSION_KEY|TOKEN|ROUTING_KEY)$/;

function validateCompose() {
  const file = path.join(repo, "docker-compose.yml");
  if (!exists(file)) return error(file, "missing");
  const docs = parseYamlDocs(file);
  if (docs.length !== 1) return error(file, `expected one YAML document, found ${docs.length}`);
  const compose = docs[0];

  // 1. The Compose Specification schema (deploy/schemas/compose-spec.json).
  const schema = JSON.parse(fs.readFileSync(path.join(repo, "deploy/schemas/compose-spec.json"), "utf8"));
  delete schema.$schema; // "http://...draft/2019-09/schema#": Ajv knows that draft by its https id only
  // Draft-04 style "id": "#/definitions/x" labels, which Ajv rejects; they carry no meaning here.
  const dropIds = (node) => {
    if (node && typeof node === "object") {
      if (typeof node.id === "string") delete node.id;
      Object.values(node).forEach(dropIds);
    }
  };
  dropIds(schema);
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat("ports", true);
  ajv.addFormat("expose", true);
  ajv.addFormat("subnet_ip_address", true);
  const validate = ajv.compile(schema);
  if (!validate(compose)) {
    for (const e of validate.errors) error(file, `compose schema: ${e.instancePath || "/"} ${e.message}${e.params && e.params.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`);
  }

  // 2. House rules of the issue: healthchecks everywhere, ordered start, no literal secrets.
  const services = compose.services || {};
  for (const name of REQUIRED_COMPOSE_SERVICES) {
    if (!services[name]) error(file, `service "${name}" is missing`);
  }
  for (const [name, svc] of Object.entries(services)) {
    const hc = svc.healthcheck;
    if (!hc || hc.disable || !hc.test || (Array.isArray(hc.test) && hc.test[0] === "NONE")) {
      error(file, `service "${name}" has no healthcheck`);
    }
    const deps = svc.depends_on || {};
    if (Array.isArray(deps)) {
      error(file, `service "${name}": depends_on must use the long form with condition: service_healthy`);
      for (const dep of deps) if (!services[dep]) error(file, `service "${name}" depends on unknown service "${dep}"`);
    } else {
      for (const [dep, spec] of Object.entries(deps)) {
        if (!services[dep]) error(file, `service "${name}" depends on unknown service "${dep}"`);
        if (!spec || spec.condition !== "service_healthy") {
          error(file, `service "${name}": depends_on.${dep} must have condition: service_healthy`);
        }
      }
    }
    if (svc.build) {
      const ctx = path.resolve(repo, typeof svc.build === "string" ? svc.build : svc.build.context || ".");
      const dockerfile = path.resolve(ctx, (typeof svc.build === "object" && svc.build.dockerfile) || "Dockerfile");
      if (!exists(ctx)) error(file, `service "${name}": build context ${rel(ctx)} does not exist`);
      if (!exists(dockerfile)) error(file, `service "${name}": Dockerfile ${rel(dockerfile)} does not exist`);
      else dockerfiles.add(dockerfile);
    }
    for (const v of svc.volumes || []) {
      const source = typeof v === "string" ? v.split(":")[0] : v.source;
      if (source && (source.startsWith("./") || source.startsWith("../") || source.startsWith("/"))) {
        if (!exists(path.resolve(repo, source))) error(file, `service "${name}": bind-mounted ${source} does not exist`);
      }
    }
    const env = svc.environment || {};
    const entries = Array.isArray(env) ? env.map((e) => e.split(/=(.*)/s).slice(0, 2)) : Object.entries(env);
    for (const [key, value] of entries) {
      if (SECRET_KEY.test(key) && value !== undefined && value !== null && String(value) !== "" && !/^\$\{[A-Z0-9_]+(:?\?[^}]*|:?-)?\}$/.test(String(value))) {
        error(file, `service "${name}": ${key} must come from the environment (\${${key}:?...} or \${${key}:-} if optional), not a literal value or default`);
      }
    }
  }

  // 3. The gateway's fleet file must name hosts the gateway can reach on the compose network.
  const fleet = path.join(repo, "deploy/fleet/compose-fleet.csv");
  if (exists(fleet)) {
    fs.readFileSync(fleet, "utf8").split("\n").forEach((line, i) => {
      const l = line.trim();
      if (!l || l.startsWith("#")) return;
      const m = /^([^,\s]+),tcp:\/\/([a-z0-9-]+):(\d+)$/.exec(l);
      if (!m) error(fleet, `line ${i + 1}: expected "id,tcp://host:port", got "${l}"`);
      else if (!services[m[2]]) error(fleet, `line ${i + 1}: host "${m[2]}" is not a compose service`);
    });
  }
  note(`compose: ${Object.keys(services).length} services checked against the compose schema and house rules`);
}

// ---------------------------------------------------------------------------------------------
// Dockerfiles
// ---------------------------------------------------------------------------------------------
const dockerfiles = new Set();
const EXPECTED_DOCKERFILES = ["device-gateway", "mib-service", "web-api", "alert-service", "nut-server"]
  .map((m) => `${m}/src/main/docker/Dockerfile.jvm`)
  .concat(["ups-simulator/src/main/docker/Dockerfile"]);

function validateDockerfiles() {
  for (const f of EXPECTED_DOCKERFILES) {
    const p = path.join(repo, f);
    if (!exists(p)) error(p, "missing");
    else dockerfiles.add(p);
  }
  const rootPom = fs.readFileSync(path.join(repo, "pom.xml"), "utf8");
  const modules = new Set([...rootPom.matchAll(/<module>([^<]+)<\/module>/g)].map((m) => m[1].trim()));
  const lint = path.join(toolsDir, "node_modules/.bin/dockerfile-utils");
  for (const file of dockerfiles) {
    try {
      const out = execFileSync(lint, ["lint", file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
      if (out) error(file, `dockerfile-utils: ${out.replace(/\s+/g, " ")}`);
    } catch (e) {
      error(file, `dockerfile-utils: ${((e.stdout || "").trim() || e.message).replace(/\s+/g, " ")}`);
    }
    const text = fs.readFileSync(file, "utf8").replace(/\\\n/g, " ");
    const lines = text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
    const stages = [];
    for (const l of lines) {
      if (/^FROM\s/i.test(l)) stages.push([]);
      if (stages.length) stages[stages.length - 1].push(l);
    }
    if (stages.length === 0) { error(file, "no FROM"); continue; }
    for (const l of lines.filter((x) => /^FROM\s/i.test(x))) {
      const image = l.split(/\s+/)[1];
      if (!image.includes(":") || image.endsWith(":latest")) error(file, `base image ${image} must have an explicit tag (not latest)`);
    }
    const last = stages[stages.length - 1];
    const user = last.filter((l) => /^USER\s/i.test(l)).pop();
    if (!user) error(file, "the final stage must switch to a non-root USER");
    else if (/^USER\s+(root|0)(:|\s|$)/i.test(user)) error(file, `the final stage runs as root (${user})`);
    if (!last.some((l) => /^HEALTHCHECK\s+(?!NONE)/i.test(l))) error(file, "the final stage has no HEALTHCHECK");
    if (!last.some((l) => /^(ENTRYPOINT|CMD)\s/i.test(l))) error(file, "the final stage has no ENTRYPOINT/CMD");
    // The Maven stage builds `-pl <module>`: that module must exist and be part of the reactor.
    for (const m of text.matchAll(/mvn\s[^\n]*?-pl\s+([\w.-]+)/g)) {
      const mod = m[1];
      const moduleOwn = rel(file).split(path.sep)[0];
      if (mod !== moduleOwn) error(file, `builds module "${mod}" but lives in module "${moduleOwn}"`);
      if (!exists(path.join(repo, mod, "pom.xml"))) error(file, `module ${mod}/pom.xml does not exist`);
      if (!modules.has(mod)) error(file, `module "${mod}" is not listed in the root pom's <modules>: "mvn -pl ${mod} -am" cannot build the image`);
    }
    for (const m of text.matchAll(/COPY\s+--from=\S+(?:\s+--chown=\S+)?\s+\/src\/([\w.-]+)\//g)) {
      const moduleOwn = rel(file).split(path.sep)[0];
      if (m[1] !== moduleOwn) error(file, `copies the build output of "${m[1]}" instead of "${moduleOwn}"`);
    }
  }
  note(`dockerfiles: ${dockerfiles.size} linted (dockerfile-utils) and checked (tags, non-root USER, HEALTHCHECK, module in reactor)`);
}

// ---------------------------------------------------------------------------------------------
// k8s/
// ---------------------------------------------------------------------------------------------
const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet"]);
const SCALED_BY_HPA = ["mib-service", "web-api", "alert-service"];

function listYaml(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return listYaml(p);
    return /\.ya?ml$/.test(d.name) ? [p] : [];
  }).sort();
}

function modelClass(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const mod = group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
  try {
    return require(mod)[kind];
  } catch {
    return undefined;
  }
}

function typesModule(apiVersion) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["core", apiVersion];
  return `kubernetes-types/${group.split(".")[0]}/${version}`;
}

function validateK8s() {
  const dir = path.join(repo, "k8s");
  if (!exists(dir)) return error(dir, "missing");
  const files = listYaml(dir);
  const kustomizationFile = files.find((f) => /kustomization\.ya?ml$/.test(f));
  const all = []; // {file, index, doc}
  for (const file of files) {
    if (file === kustomizationFile) continue;
    const docs = parseYamlDocs(file);
    if (docs.length === 0) error(file, "no Kubernetes object");
    docs.forEach((doc, index) => all.push({ file, index, doc }));
  }

  // 1. Schema: every object against the OpenAPI schema of its kind (kubernetes-models, k8s 1.27).
  const tsChecks = [];
  for (const { file, index, doc } of all) {
    const where = `document ${index + 1}`;
    if (typeof doc !== "object" || Array.isArray(doc)) { error(file, `${where}: not a mapping`); continue; }
    const { apiVersion, kind } = doc;
    const name = doc.metadata && doc.metadata.name;
    if (!apiVersion || !kind || !name) { error(file, `${where}: apiVersion, kind and metadata.name are required`); continue; }
    const label = `${where} (${kind} ${name})`;
    const Model = modelClass(apiVersion, kind);
    if (!Model) { error(file, `${label}: unknown apiVersion/kind ${apiVersion} ${kind}`); continue; }
    try {
      new Model(doc).validate();
    } catch (e) {
      for (const msg of String(e.message).split(/,\s(?=data)/)) error(file, `${label}: schema: ${msg.replace(/^data/, "")}`);
    }
    if (kind !== "Namespace" && (doc.metadata.namespace !== "upsfleet")) error(file, `${label}: metadata.namespace must be upsfleet`);
    tsChecks.push({ file, label, doc, type: kind, module: typesModule(apiVersion) });
  }

  // 2. Strict structure: unknown or misspelt fields (the OpenAPI schema allows any extra field).
  //    TypeScript's excess-property check against the kubernetes-types definitions finds them.
  strictFieldCheck(tsChecks);

  // 3. Cross-references and the issue's rules. Objects of the main set are those kustomization lists.
  const listed = new Set();
  if (!kustomizationFile) {
    error(dir, "kustomization.yaml is missing");
  } else {
    const kust = parseYamlDocs(kustomizationFile)[0] || {};
    for (const r of kust.resources || []) {
      const p = path.resolve(path.dirname(kustomizationFile), r);
      if (!exists(p)) error(kustomizationFile, `resource ${r} does not exist`);
      listed.add(p);
    }
    for (const f of files) {
      if (f !== kustomizationFile && path.dirname(f) === dir && !listed.has(f)) {
        error(kustomizationFile, `${path.basename(f)} is not listed in resources`);
      }
    }
  }
  // examples/ holds objects created by hand (the Secret): not applied, but referenced by the rest.
  const examplesDir = path.join(dir, "examples") + path.sep;
  const main = all.filter((o) => (listed.has(o.file) || o.file.startsWith(examplesDir)) && o.doc && o.doc.kind);
  const byKind = (k) => main.filter((o) => o.doc.kind === k);
  const seen = new Map();
  for (const o of main) {
    const key = `${o.doc.kind}/${o.doc.metadata.name}`;
    if (seen.has(key)) error(o.file, `${key} is also defined in ${rel(seen.get(key))}`);
    seen.set(key, o.file);
  }
  const configMaps = new Map(byKind("ConfigMap").map((o) => [o.doc.metadata.name, o.doc.data || {}]));
  const secrets = new Map(byKind("Secret").map((o) => [o.doc.metadata.name, { ...(o.doc.data || {}), ...(o.doc.stringData || {}) }]));
  const services = byKind("Service");
  const workloads = main.filter((o) => WORKLOADS.has(o.doc.kind));
  const hpas = byKind("HorizontalPodAutoscaler");

  for (const { file, doc } of workloads) {
    const label = `${doc.kind} ${doc.metadata.name}`;
    const spec = doc.spec || {};
    const tmpl = (spec.template || {}).metadata || {};
    const podLabels = tmpl.labels || {};
    for (const [k, v] of Object.entries((spec.selector || {}).matchLabels || {})) {
      if (podLabels[k] !== v) error(file, `${label}: selector ${k}=${v} does not match the pod template's labels`);
    }
    const pod = (spec.template || {}).spec || {};
    const volumes = new Set((pod.volumes || []).map((v) => v.name).concat((spec.volumeClaimTemplates || []).map((v) => v.metadata && v.metadata.name)));
    for (const v of pod.volumes || []) {
      if (v.configMap && !configMaps.has(v.configMap.name)) error(file, `${label}: volume ${v.name} names unknown ConfigMap ${v.configMap.name}`);
      if (v.secret && !secrets.has(v.secret.secretName)) error(file, `${label}: volume ${v.name} names unknown Secret ${v.secret.secretName}`);
    }
    if (doc.kind === "StatefulSet" && !services.some((s) => s.doc.metadata.name === spec.serviceName)) {
      error(file, `${label}: serviceName ${spec.serviceName} is not a Service`);
    }
    for (const c of (pod.containers || [])) {
      const cl = `${label} container ${c.name}`;
      if (!c.readinessProbe) error(file, `${cl}: no readinessProbe`);
      if (!c.livenessProbe) error(file, `${cl}: no livenessProbe`);
      const req = (c.resources || {}).requests || {};
      if (!req.cpu || !req.memory) error(file, `${cl}: resources.requests.cpu and .memory are required`);
      if (!c.image || !/:[^/]+$/.test(c.image) || c.image.endsWith(":latest")) error(file, `${cl}: image ${c.image} needs an explicit tag (not latest)`);
      const portNames = new Set((c.ports || []).map((p) => p.name).filter(Boolean));
      for (const probe of ["readinessProbe", "livenessProbe", "startupProbe"]) {
        const p = c[probe];
        const port = p && ((p.httpGet && p.httpGet.port) || (p.tcpSocket && p.tcpSocket.port));
        if (typeof port === "string" && !portNames.has(port)) error(file, `${cl}: ${probe} uses unknown port name ${port}`);
      }
      for (const vm of c.volumeMounts || []) {
        if (!volumes.has(vm.name)) error(file, `${cl}: volumeMount ${vm.name} has no volume`);
      }
      for (const ef of c.envFrom || []) {
        if (ef.configMapRef && !configMaps.has(ef.configMapRef.name)) error(file, `${cl}: envFrom names unknown ConfigMap ${ef.configMapRef.name}`);
        if (ef.secretRef && !secrets.has(ef.secretRef.name)) error(file, `${cl}: envFrom names unknown Secret ${ef.secretRef.name}`);
      }
      for (const e of c.env || []) {
        const from = e.valueFrom || {};
        if (from.configMapKeyRef) {
          const cm = configMaps.get(from.configMapKeyRef.name);
          if (!cm) error(file, `${cl}: env ${e.name} names unknown ConfigMap ${from.configMapKeyRef.name}`);
          else if (!(from.configMapKeyRef.key in cm)) error(file, `${cl}: env ${e.name}: ConfigMap ${from.configMapKeyRef.name} has no key ${from.configMapKeyRef.key}`);
        }
        if (from.secretKeyRef) {
          const s = secrets.get(from.secretKeyRef.name);
          if (!s) error(file, `${cl}: env ${e.name} names unknown Secret ${from.secretKeyRef.name}`);
          else if (!(from.secretKeyRef.key in s)) error(file, `${cl}: env ${e.name}: Secret ${from.secretKeyRef.name} has no key ${from.secretKeyRef.key}`);
        }
        if (/(PASSWORD|SECRET|SESSION_KEY|TOKEN)$/.test(e.name) && e.value) error(file, `${cl}: env ${e.name} is a literal; use secretKeyRef`);
      }
    }
  }

  for (const { file, doc } of services) {
    const spec = doc.spec || {};
    if (spec.type === "ExternalName") continue;
    const sel = spec.selector || {};
    const targets = workloads.filter((w) => Object.entries(sel).every(([k, v]) => (((w.doc.spec.template || {}).metadata || {}).labels || {})[k] === v));
    if (Object.keys(sel).length === 0 || targets.length === 0) { error(file, `Service ${doc.metadata.name}: selector matches no workload`); continue; }
    const names = new Set(targets.flatMap((w) => ((w.doc.spec.template.spec || {}).containers || []).flatMap((c) => (c.ports || []).map((p) => p.name))));
    for (const p of spec.ports || []) {
      if (typeof p.targetPort === "string" && !names.has(p.targetPort)) error(file, `Service ${doc.metadata.name}: targetPort ${p.targetPort} is no container port name`);
    }
  }

  for (const { file, doc } of hpas) {
    const ref = doc.spec.scaleTargetRef || {};
    const target = workloads.find((w) => w.doc.kind === ref.kind && w.doc.metadata.name === ref.name);
    if (!target) { error(file, `HPA ${doc.metadata.name}: scaleTargetRef ${ref.kind} ${ref.name} does not exist`); continue; }
    if (target.doc.kind === "StatefulSet" && target.doc.metadata.name === "device-gateway") error(file, `HPA ${doc.metadata.name}: device-gateway must stay at one replica per gateway id`);
    const usesCpu = (doc.spec.metrics || []).some((m) => m.resource && m.resource.name === "cpu");
    const hasCpuRequest = (target.doc.spec.template.spec.containers || []).every((c) => ((c.resources || {}).requests || {}).cpu);
    if (usesCpu && !hasCpuRequest) error(file, `HPA ${doc.metadata.name}: CPU utilization needs cpu requests on every container of ${ref.name}`);
  }
  for (const name of SCALED_BY_HPA) {
    if (!hpas.some((h) => (h.doc.spec.scaleTargetRef || {}).name === name)) error(dir, `no HorizontalPodAutoscaler for ${name}`);
  }
  const gw = workloads.find((w) => w.doc.metadata.name === "device-gateway");
  if (!gw) error(dir, "no device-gateway workload");
  else if (gw.doc.spec.replicas !== 1) error(gw.file, "device-gateway must run exactly 1 replica per gateway id");
  note(`k8s: ${all.length} objects in ${files.length - (kustomizationFile ? 1 : 0)} files checked (kubernetes-models schema, strict fields via kubernetes-types, references)`);
}

function strictFieldCheck(checks) {
  if (checks.length === 0) return;
  const work = fs.mkdtempSync(path.join(toolsDir, "tscheck-"));
  try {
    const sources = [];
    checks.forEach((c, i) => {
      const src = path.join(work, `m${i}.ts`);
      // One file per object so an error names its object; the object literal is its JSON form.
      const body = `import type { ${c.type} } from "${c.module}";\nexport const object${i}: ${c.type} = ${JSON.stringify(c.doc, null, 2)};\n`;
      fs.writeFileSync(src, body);
      sources.push({ src, check: c });
    });
    fs.writeFileSync(path.join(work, "tsconfig.json"), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, module: "commonjs", moduleResolution: "node", target: "es2020", types: [] },
      files: sources.map((s) => path.basename(s.src)),
    }));
    let out = "";
    try {
      execFileSync(path.join(toolsDir, "node_modules/.bin/tsc"), ["-p", work, "--pretty", "false"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      out = `${e.stdout || ""}${e.stderr || ""}`;
      if (!out.trim()) out = e.message;
    }
    for (const line of out.split("\n").filter((l) => l.trim())) {
      const m = /m(\d+)\.ts\((\d+),\d+\): error TS\d+: (.*)$/.exec(line);
      if (!m) { if (/error TS/.test(line)) error(path.join(repo, "k8s"), `type check: ${line}`); continue; }
      const { check } = sources[Number(m[1])];
      if (/Cannot find module/.test(m[3])) { error(check.file, `${check.label}: no type definitions for ${check.module} (${check.type})`); continue; }
      // line 2 opens the literal: the JSON line tells which field is wrong
      const jsonLine = fs.readFileSync(sources[Number(m[1])].src, "utf8").split("\n")[Number(m[2]) - 1] || "";
      error(check.file, `${check.label}: ${m[3]} (at ${jsonLine.trim().replace(/,$/, "")})`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

validateCompose();
validateDockerfiles();
validateK8s();
for (const n of notes) console.log(`  ${n}`);
if (errors.length) {
  for (const e of errors) console.error(e);
  console.error(`${errors.length} problem(s) found`);
  process.exit(1);
}
