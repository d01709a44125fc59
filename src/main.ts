// `npm start` and older scripts: the CLI with no role runs everything in one process.
import './cli';
