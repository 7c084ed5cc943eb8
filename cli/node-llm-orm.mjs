#!/usr/bin/env node
// The bin under its former name: the CommonJS dispatcher (`node-llm-orm.cjs`) does the work.
import './node-llm-orm.cjs';
