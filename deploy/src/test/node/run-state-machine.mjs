// Runs DIF's state machine locally with aws-local-stepfunctions: every Task state is overridden
// by a handler that spawns the stage's command and answers the way the AWS integration does.
//
//   node run-state-machine.mjs DEFINITION.json STAGES.json INPUT.json RESULT.json
//
// STAGES.json (written by the Java test, see StateMachineIT):
//   { "extract":   { "command": [...], "environment": { "NAME": "value" } },
//     "transform": { "command": [...], "environment": {...} },
//     "load":      { "command": [...], "environment": {...} },
//     "alert":     { "file": "/path/alerts.jsonl" },
//     "log": "/path/stages.log",
//     "retryIntervalMillis": 0 }
// Extract (ecs:runTask.sync) runs command + the container override's Command; transform and load
// (glue:startJobRun.sync) run command + the run's Arguments as "--key value" pairs; the alert
// (sns:publish) appends the publish request as one JSON line to alert.file.
// RESULT.json: { status, error, cause, output, invocations: {stage: n}, events: [...] }.
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { constants as osConstants } from 'node:os';

// aws-local-stepfunctions 3 targets Node.js 22; Node.js 20 lacks only this
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
const { StateMachine } = await import('aws-local-stepfunctions');

const [definitionFile, stagesFile, inputFile, resultFile] = process.argv.slice(2);
if (!resultFile) {
  console.error('usage: run-state-machine.mjs DEFINITION.json STAGES.json INPUT.json RESULT.json');
  process.exit(64);
}
const definition = JSON.parse(readFileSync(definitionFile, 'utf8'));
const stages = JSON.parse(readFileSync(stagesFile, 'utf8'));
const input = JSON.parse(readFileSync(inputFile, 'utf8'));
const log = stages.log ?? `${resultFile}.stages.log`;

// The Task states of the definition and the integration each one stands for
const TASKS = {
  RunExtract: { stage: 'extract', resource: 'arn:aws:states:::ecs:runTask.sync' },
  RunTransform: { stage: 'transform', resource: 'arn:aws:states:::glue:startJobRun.sync' },
  RunLoad: { stage: 'load', resource: 'arn:aws:states:::glue:startJobRun.sync' },
  PublishAlert: { stage: 'alert', resource: 'arn:aws:states:::sns:publish' },
};

const invocations = { extract: 0, transform: 0, load: 0, alert: 0 };
const children = new Set();

function taskStates(states, found = {}) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task') {
      found[name] = state;
    }
    for (const branch of state.Branches ?? []) {
      taskStates(branch.States, found);
    }
  }
  return found;
}

function failure(name, cause) {
  const error = new Error(cause);
  error.name = name;
  return error;
}

/** Runs a stage command; resolves with its exit code (128 + signal when killed) and stderr. */
function run(stage, args) {
  const spec = stages[stage];
  if (!spec || !Array.isArray(spec.command) || spec.command.length === 0) {
    return Promise.reject(failure('States.Runtime', `no command for stage ${stage} in ${stagesFile}`));
  }
  const [program, ...fixed] = spec.command;
  appendFileSync(log, `--- ${stage}: ${JSON.stringify([...spec.command, ...args])}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(program, [...fixed, ...args], {
      env: { ...process.env, ...(spec.environment ?? {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    children.add(child);
    let stderr = '';
    child.stdout.on('data', (chunk) => appendFileSync(log, chunk));
    child.stderr.on('data', (chunk) => {
      appendFileSync(log, chunk);
      stderr = (stderr + chunk).slice(-65536);
    });
    child.on('error', (error) => {
      children.delete(child);
      reject(failure('States.Runtime', `cannot start ${program}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      children.delete(child);
      const exitCode = code ?? 128 + (osConstants.signals[signal] ?? 0);
      resolve({ exitCode, stderr });
    });
  });
}

function lastLine(text) {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
  return lines.length === 0 ? '' : lines[lines.length - 1];
}

// ecs:runTask.sync: the task description (PascalCase, as Step Functions returns it); a task whose
// essential container exits non-zero fails the state with States.TaskFailed and that description
// as the cause, so the cause holds "ExitCode":<code>.
async function extract(parameters) {
  invocations.extract++;
  const override = parameters.Overrides?.ContainerOverrides?.[0] ?? {};
  const { exitCode } = await run('extract', override.Command ?? []);
  const taskArn = `arn:aws:ecs:local:000000000000:task/dif/${randomUUID().replaceAll('-', '')}`;
  const task = {
    Attachments: [],
    ClusterArn: parameters.Cluster,
    Containers: [{
      ContainerArn: `${taskArn}/container`,
      ExitCode: exitCode,
      LastStatus: 'STOPPED',
      Name: override.Name,
      TaskArn: taskArn,
    }],
    DesiredStatus: 'STOPPED',
    LastStatus: 'STOPPED',
    LaunchType: parameters.LaunchType,
    StopCode: 'EssentialContainerExited',
    StoppedReason: 'Essential container in task exited',
    TaskArn: taskArn,
    TaskDefinitionArn: parameters.TaskDefinition,
  };
  if (exitCode !== 0) {
    throw failure('States.TaskFailed', JSON.stringify(task));
  }
  return task;
}

// glue:startJobRun.sync: the JobRun; a FAILED run fails the state with States.TaskFailed and the
// JobRun as the cause. The Glue entry points fail a run with the message
// "DIF_EXIT_CODE=<code>: <error line>" (the contract in terraform/README.md), made here from the
// process's exit code and last stderr line.
function glue(stage) {
  return async (parameters) => {
    invocations[stage]++;
    const args = Object.entries(parameters.Arguments ?? {}).flatMap(([key, value]) => [key, String(value)]);
    const startedOn = new Date();
    const { exitCode, stderr } = await run(stage, args);
    const jobRun = {
      Arguments: parameters.Arguments ?? {},
      Attempt: 0,
      CompletedOn: new Date().toISOString(),
      ExecutionTime: Math.round((Date.now() - startedOn.getTime()) / 1000),
      GlueVersion: '5.0',
      Id: `jr_${randomUUID().replaceAll('-', '')}`,
      JobName: parameters.JobName,
      JobRunState: exitCode === 0 ? 'SUCCEEDED' : 'FAILED',
      StartedOn: startedOn.toISOString(),
    };
    if (exitCode !== 0) {
      jobRun.ErrorMessage = `DIF_EXIT_CODE=${exitCode}: ${lastLine(stderr)}`;
      throw failure('States.TaskFailed', JSON.stringify(jobRun));
    }
    return jobRun;
  };
}

async function alert(parameters) {
  invocations.alert++;
  appendFileSync(stages.alert.file, `${JSON.stringify(parameters)}\n`);
  return { MessageId: randomUUID() };
}

const handlers = { extract, transform: glue('transform'), load: glue('load'), alert };
const taskResourceLocalHandlers = {};
for (const [name, state] of Object.entries(taskStates(definition.States))) {
  const task = TASKS[name];
  if (!task || state.Resource !== task.resource) {
    console.error(`Cannot run ${definitionFile}: Task state ${name} (${state.Resource}) has no local handler`);
    process.exit(65);
  }
  taskResourceLocalHandlers[name] = handlers[task.stage];
}
const retryIntervalOverrides = {};
if (stages.retryIntervalMillis !== undefined) {
  for (const name of ['Extract', 'Transform', 'Load', 'PublishAlert']) {
    retryIntervalOverrides[name] = stages.retryIntervalMillis;
  }
}

const stateMachine = new StateMachine(definition);
const executionId = `arn:aws:states:local:000000000000:execution:dif-pipeline:${randomUUID()}`;
const execution = stateMachine.run(input, {
  overrides: { taskResourceLocalHandlers, retryIntervalOverrides },
  context: { Execution: { Id: executionId, Name: executionId.split(':').pop() } },
});
const events = [];
const collecting = (async () => {
  for await (const event of execution.eventLogs) {
    events.push({
      type: event.type,
      state: event.state?.name,
      error: event.Error,
      cause: event.Cause,
    });
  }
})();

let result;
try {
  const output = await execution.result;
  result = { status: 'SUCCEEDED', output };
} catch (error) {
  // the library wraps the error that ended the execution
  const ended = error.name === 'ExecutionError' && error.cause instanceof Error ? error.cause : error;
  result = { status: 'FAILED', error: ended.name, cause: ended.message };
}
await collecting;
// a timed-out stage's process is still running: stop it as ECS stops the task
for (const child of children) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
writeFileSync(resultFile, JSON.stringify({ ...result, invocations, events }, null, 2));
process.exit(0);
