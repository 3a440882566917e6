/**
 * The worker-thread entry of a partitioned replay: answers the main thread's messages with one
 * partition (see partition.ts).
 *
 * @internal
 */
import { parentPort } from 'node:worker_threads'
import { createPartition, type ToPartition } from './partition.js'

const port = parentPort
if (port === null) throw new Error('replay worker: not started as a worker thread')
const partition = createPartition()
port.on('message', (msg: ToPartition) => port.postMessage(partition.handle(msg)))
