/**
 * The worker-thread entry of a partitioned replay: runs one partition (see partition.ts).
 *
 * @internal
 */
import { parentPort } from 'node:worker_threads'
import { createPartition, type ToPartition } from './partition.js'

const port = parentPort
if (port === null) throw new Error('replay worker: not started as a worker thread')
const partition = createPartition((m, transfer) => port.postMessage(m, transfer))
port.on('message', (msg: ToPartition) => void partition.handle(msg))
