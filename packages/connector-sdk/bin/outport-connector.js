#!/usr/bin/env node
// A checked-in entry, so package managers can link the command before the SDK is built.
import '../dist/cli.js';
