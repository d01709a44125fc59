"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.toView = toView;
function toView(u) {
    return { id: u.id, name: u.name, email: u.email, createdAt: u.createdAt.toISOString() };
}
//# sourceMappingURL=user.view.js.map