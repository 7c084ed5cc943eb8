// Persists a chat under the app's own model names.
import { PrismaClient } from '@prisma/client';
import { createChat } from '@node-llm/orm';
import { tableNames } from './tables.mjs';

const prisma = new PrismaClient();
const chat = await createChat(prisma, { model: 'gpt-4.1', provider: 'openai', tableNames });
const reply = await chat.ask('Which of our plans includes SSO?');
console.log(reply.content);
