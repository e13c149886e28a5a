from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "handoff_replies" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "staff" VARCHAR(32) NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "handoff_id" INT NOT NULL REFERENCES "handoffs" ("id") ON DELETE RESTRICT
) /* A staff member's answer to a handoff, kept for the citizen (and sent on by the outbox). */;
CREATE TABLE IF NOT EXISTS "staff_accounts" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(32) NOT NULL UNIQUE,
    "role" VARCHAR(16) NOT NULL,
    "hall" VARCHAR(64),
    "password_hash" VARCHAR(200) NOT NULL,
    "api_token_hash" VARCHAR(64) UNIQUE,
    "active" INT NOT NULL,
    "created_at" TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS "staff_actions" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "staff" VARCHAR(32) NOT NULL,
    "role" VARCHAR(16) NOT NULL,
    "action" VARCHAR(32) NOT NULL,
    "target" VARCHAR(64) NOT NULL,
    "details" JSON NOT NULL,
    "address" VARCHAR(64) NOT NULL,
    "at" TIMESTAMP NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_staff_actio_staff_499ea6" ON "staff_actions" ("staff");
CREATE INDEX IF NOT EXISTS "idx_staff_actio_at_13b5c4" ON "staff_actions" ("at");
INSERT INTO "staff_actions" ("staff", "role", "action", "target", "details", "address", "at")
    SELECT substr("staff", 1, 32), 'staff', "action",
           CASE WHEN "campaign" IS NOT NULL THEN 'campaign:' || "campaign" ELSE 'outbox:' || "outbox" END,
           json_object('campaign', "campaign", 'outbox', "outbox", 'note', "note"), '', "at"
    FROM "notify_staff_actions" ORDER BY "id";
DROP TABLE IF EXISTS "notify_staff_actions";"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "handoff_replies";
DROP TABLE IF EXISTS "staff_actions";
DROP TABLE IF EXISTS "staff_accounts";"""


MODELS_STATE = (
    "eJztXWlz27iW/SsofYldpeRZcuwsMzVVWZxuT9Jxj+N+0/PaXWqIhCQ+UwSbAO1o3vR/nw"
    "twX03IpEzR+JLIJC6XAxA4d8W/RmtqEpu9+BHb9iW9G71F/xo5eE3gR/7UGI2w6yYnxAGO"
    "57Zsu4JG8gieM+5hg8PBBbYZgUMmYYZnudyiDhx1fNsWB6kBDS1nmRzyHetPn8w4XRK+Ih"
    "6c+O13OGw5JvlOWPSnezNbWMQ2M49qwBOJu8szM75x5dEPK+x9km3FDeczg9r+2km3dzd8"
    "RZ1YAJ5IHF0Sh3iYEzP1EuIZw5eNDgXPCwe455P4Qc3kgEkW2Ld56qXns+TYaDb7enE1+3"
    "Z2NZuNFGAyqCMgthzOJAZr/H1mE2fJV/Dn6cu/gvskSAStxA3//u7yw4/vLg9OXx6KG1Lo"
    "p6D3voZnpvLUX/ISmOPgIhL5BGr5vwLUUft2oI4OJFgno2znYE+PjhqgDa0q4ZbnBN4Jvg"
    "L4Ir7/+e3iazm+UfscvqZlcPR/yLYY30Oca2AVSIgrrxn7006jefDTu1/zQH/4cvFegkMZ"
    "X3ryKvIC73OgGyti3DB/rTSHpGQGOLjbmkkSkH3XFGDMMC/C/BHOcGtNyqHOSuZHeij6Iv"
    "qxj9B7BJsXjr0JF48a6K/Ofzr7dvXup58zH8HHd1dn4sxUHt3kjh6c5ropvgj67/OrH5H4"
    "E/3j4utZ/luJ2139YySeCfuczhx6N8NmGqPocPT0Yp1e3KSWD3Fgjo2bO+yZs8IZOqVVbY"
    "un1tN1/gh28FL2mQBXPGbIXL4R79YyyDkn6wpuk2tRS3FY0HZmQWNNdTTV0VTnwVSHuNjj"
    "a+KULAjVKGelBoj18bQB1MfTSqTFqSzQN/BeKhBH7QcI7uS0AbiT/HqZgCtOacKuCXsfQN"
    "eEXRP2QRH2H7Fj0sViVGqFDE7VUvRV0KgZOx+9Q4bFrf8lDrrD8MNZogX1EON4sXiLMLsh"
    "pjyAkUs8Rh10sPLhyQ8RHDPo2rVhMECTg+g3P3wxyo2djm7xAO3BKuEB5w4v/4qtMhJgOY"
    "X1KdQB+qs3LMUjPJ9OXr56+fr49OVraCIfMz7yqub7Pf96dY+eYMC4c4itthbFIgNciton"
    "WT5o3yr4Ru27Avfx1N7J9HUTcKevq9EV57LwwmoG048KwInE7sbvSM6Ooz0dwsJupIJw1H"
    "4rfMPx2c/poX2mamPGZ5x8LyGqV3C0HOCM0CBm4ToWevbrVb0WFpPQLxdff4ia51WzLOxA"
    "ZLjPVAZ1IrHDaYO6ZG9nDQMm2u10sKzkAHWw/dW55CEVpSu9Uru2RUq+ufeh4KfPl8TGEs"
    "tit2eVqUu41mZ/Oz45OkqpsR3rpgFm1QpqjOm9Wuos1ZVNlFWpNaI1Wc+J94wh7LA74iFO"
    "QXsMrzhGN8TlUqMEvTBWPQ/gLGLE4Qg0zPlGnqM+n9PvpRprZ/fRamu/1FbZ0YqLdyAwCL"
    "LUtdNFlY5qJvoAJqpp0mBpUrqbo6VTaT3ICt2/LuxBn7axNBToZwHmIsafqEespfOZbCTU"
    "5/BQ2DHKgh6KZvs9g7iKZMJhD9/FHCU3ugABeG/CJQaXMN4vzz8A2I/jTnlP6Q28YkXsU+"
    "psLV2FMxReXwRcdBD29NsopI/i0pZJ1i7lxDE2sxuyGcHb/SZDy2U/Ysmr72A8wKSx9Kjv"
    "ir/hgnBJxxd0dfR7jlAWpEP7g7xwYosgjsnEAvC7JqA79ZvoULbIpt/IpF9j0S+YjZKPqj"
    "G6iYj2mjTymuzUot+39bFrk340cTcFN2qvwW0AbrgaFvWkqpC1zX3K0R6CXAOqUHaKvg6P"
    "sy0UzIyg1i97rV9GRFCxi1NiuoN73cF74rGcg25GomfZO58lKIfWLZEanALQWalWoh56RP"
    "E7SaDI68sqXLQoOrxAk05Yf/BtzuZKcGeEdjiRpJS6fZxJ8saepnDn5QaoFEyaYF0NdR7p"
    "jBmtgHSlqSsvtpV1vW9zSCtmr/wgVh++A52TdYiUpu7bUHdDeJpse7uOzsm20NU9+8gG1d"
    "MiUQ/6ynK26eq8sO7rXvc13vqT1t/znvSxqJyxVR9nBHUf97mPHTpjKyGi3MlZSd3Lfe7l"
    "gEfN1NPFCoLDU2zajyBlNuVqoW4pCR3ndn+cm4CriK5ykNs3uEwYRrVn+DYNckuNq15FuH"
    "3Em7PvBoneuxDjljk/bhjlNjPxZkYiscb5GSAV5k4wwhEWRYoQFrkQBInYhLfIsCkj5hiJ"
    "dDSR1U9eLF8g7CBs/tNnMGTQHfVERJ68El/JAZfLzWj9HtcO8GjimNhDtjX3sLdBJiUMOZ"
    "SjG1gF0IbwwzFcwfwb9RD5Digg18YGNHGJh8S4qMrtyMbe5SPzdKTdLiPtdDCNDqZ5NJZb"
    "EkwTTFNF1N5TahPsVHDIWCiH3Ryk9o891iD2/uLiS0YleH+ez4H55af3Z5GDBxpZwXpcdD"
    "7IKXsWTNkKE2tebHds8qjXU2xa4eVqxSHD9jt0/o52MqF2EtmgS49tM2/shT1BIe29S9Xh"
    "v4Tn+gP1HS7pakF1yJxvrDoE/nAjEGuoOlytCBK1SJAURoEzHS2tW+KI/GlJtAUhG0vSLp"
    "KsA/8wkuENxRTuFq53L50f52IsNL3X9F7T+1TzJ03vddjWrsK2ZA0r5aitnJQm96V24sfh"
    "JZExuWy3gsTO3IyNCPNcQxJy4RAkglTFZaRZL21XHKMwUgrdrYBELCwP2EUQ0ooOqBccxY"
    "JOPGPIwC42LL5BosblkrCSIjNd36yWviT5OPXZwjoZWHMYzWGeLIfR+X4DtT/ofL8n1MER"
    "P1BYsNMiOoiixPKdJCc2RDQR0JqGoqaRRR0e7IGVP7NFf/ZsIFdFq3Ra9/MDXrvYWpaGl8"
    "TnxnUamRG2Uqz06fpsFZTdZGS5lmU1F0i8O/wUERxhah97iwJzsylNua5Hbi1yJ/5iQkvy"
    "8IKPRaSHg5ixIqZvh3nFZUU/u7vltXNgcRaWA0UevWPozrM4F6qcUP0MAML0ifjjD7ibcN"
    "/8gdb0Fi4qTNbwGKKa6J++RThaUd9jh2N0h7m4POiLUXaHLjPaQ8VOV8npULHj1LUMFXRj"
    "gQHC234E7powBsuCCsApkSFC3MjZf1zj7D8uOvvDxaaIcvUmeikRvY/eA/bR25N6KJJTjH"
    "YywtvPTw75jLIdKRHTSTF9tjHIMAsV5pgIaH04b1yIUvLVyqtkpQa47rbPHHXVhCcxOemq"
    "CUPu6Z7ELHyxFuRTYNQq2Mjic+M6G5lDubXYzBbQUCFgga+EVSq9B80S3xL0PzAWnTFaeH"
    "SNMLolngXvYSJGfc8gb+HQ3PL4Colhiw7i0+cfw1BJme8EfxbMZN3fUqRjeeYzhuSmsKZn"
    "3Yq72ZZB4EuEw+S7a3kbdOB65HlgdROSyFhZtpAKbnLgkLs59RzkkaUlYBSQiXbXztxnlg"
    "MKKrRNn0QH4S1Q6sIv0FcavK3F0NIHKWL+m3zz+LGRxRmxF6KBTBgjbk02WLokdTgebrEN"
    "s0AxDCM6Dz2tozB2W5K9l3XDHzNer4sSgtH4bgpx1H6A+LZvsysrTFAd6lLqLFONdNkfVl"
    "MS6BJMwgqjMRYYXCpT+1pWQACU7GuxhP7aG3ztHjGoZ26l3uREtSKr1Zty9eZCeq1HJcpN"
    "eKZWtaFJm0ZKTehAEn54YQJ+gUQ+l2kxV7q7PaD3Ulf6W3Tohbs5RK5l3DD0hwsCMCD+CD"
    "3sK8qIcKvDCEcrzJBBYTyXqjW7uOl9WoHn28G8B+oRNUvUgsT1EFw+v42TTTAjM9/hlh2c"
    "Sl08aSWCGWLhNVtaplYydqtk3MBrqSyJUfsBLogd2HV7qcENbOcnF29siksGcbXHOiWiPd"
    "YP8FiHU78i10ukNM3rHc3bw4CEkPPsRi1tPyQBtB7fVd6hJSs1uF0YOylkEpHaphjHJHhw"
    "9THbpzqhoqCAbiKh8b0fX8w5WbtcpW5UWkQHtxSCW2xsKcVCxwLDG67tmwLT6r8iPcyJ6k"
    "CHPlNEkervEKVk8ZTI8L6kaZOJf1o98U8LEz/xPFpST6Qa31hggOh2wQpNYlu3xFNk34nM"
    "8GDuIHdDmnYVAI4FNLr3o2ukUh8bcsO0iN4nrjr0WUfkDpq+RP4nxT5OiWl62rf+7Ymj+p"
    "s/F/DPyQ8edkqjcXMtxg1icpeiZfOg3OdiBCIW3QcF4ujg2n9Jjo6u/dP5dAL/Hk1fXfuv"
    "53h67b85PTo5fIsINlYIG2LbBWQ5MtDUtTFfUG/9jCGXur6LsG0LH7MoFSbd1KPc6HqUB7"
    "jPry0sInAdMrOKTm3teNbRrUOLbk2PdwWkc2IDRLt9C61H1nCv0BHVcLLIyGgbbZ6F68rz"
    "mqXthKVVblqVOd+EobGUQOMiQ+HCJmqoBgV+EBAdSWxkiRBRcgdmCjHSPEGeRkCZjk2gT2"
    "8mb4AynU4nQKKmR9PT69HhWKQrifI+dxZfmR6+w3YgAYTLBJL15jW0PZm8NrPXeEleC+ki"
    "ievbw91L8GRNFU3tNLXrEdnohtrpckNdGlVhyrZuS8JFarfFSoS22xarbyDXgNrivlhBvf"
    "CtjK0ZSU3zekfzMsltFlaZrsLmOwwkhNG0V4WNesKhr0JjwSVZ+AzbZTQ636QJk/aCtgob"
    "N0VVAKSkKIGJIjsGkNcwqwYoamyOnK3ZchZMITNyK5jtNWjk/yQGv4abvjyeHE3GcGiBLZ"
    "uYb+GSXoEe7+a2187cpsYNcGAAn6IwggLxlUf95Qr+xzy+pygAAI8HzyFoOnDkNZKxNOLn"
    "JjapcoSXMDa1zVQT6/1aELXNdFg2U8zKagTUxGTHEhrgRmHDqpRaU+meUumesL13rmtbhi"
    "xVdCbISxndK7Sp5Xs4aR3wIYWqU7YF/4QVybFvAq8RPW6/FanPY7k9lfgX6FGoKQZbbK42"
    "LxA8I3HM59SxN+Vp2O1dWldB7xeNglFFvZlq5nNWaoCrT/upbRIyZYyHCm8XXFWv74NZ33"
    "UlnSfY0cJhoKYAJRJDnCPbL/jOgcbORC1QFZCzUoOrrdZkIapehgqLUJD1vw3IabHBodzR"
    "YFYexwOdKzoZxOrjd6Dotj94HcqVxm7UfnDzwkmjLMaTmizGk7IsRo4tu2T8VldBSonsvg"
    "rS6N8XviOpDJr7ls0th70Qt/2Prvpg17WR0lYtJStOUVDvfFq1WWcp3EWsP1GPWEvnM9lI"
    "yM/hwcR2CiXYFg2Yw9qeEw57+C42NJYMNvgBEJAgVucSFJzL8w+A/aMbmy+lBlVnag57qp"
    "GhuZmJuRru+0266WKYLlBci4FOLoroi1KXK2zLIAi5v6KueLlT62+wXYISE4klBldnq32a"
    "p7cY1QVF99umHk3OTRGO2usR3GQE775gUL8h1lYibSXaW3TbH7wuhgsX4K0r5Ry074cFQ9"
    "xvMBYMUFlYaTpzdW+kRHSHtN4h+xEtuc9WVI8YxLoNFPUCzNUbV+XEHriDVd+m/BqYS7aw"
    "im0dJt6oVKstyGmrZ0mqnIv9bbDNSulCExWwwtpVtkFY9Yefl3vKe9eljZwqEGbFnvTcaW"
    "PGgxDoLQK/CsI69KvXoV8LG5dw65qNR8P2g2Ny7SuRt8RjpY7AyhUyJbG71XGyJ6ujLob6"
    "JCYkw6Zsu15OC+qCqH3rY4XEsVTZ+TgRKzsS3odynz5fEjsOt7g3iiJOA9vP77sQR/GXUt"
    "RDysAAaJSZ1CJYLxxyReGf+8G9jK+0l19TOaIKoSEfqEi3tsoTEJOT47qAECNq1rxSWyQh"
    "atieTt+ciLq1xptDhJmo+2AZN4S/hV8w6smSepsx/IbP1xWV05BJsCmyCscyp5BxvFg8Y3"
    "DaLUtB7PheagEsYss+EbuiI1V0uYeBefu1Q7pzdSyaoJQwTslokBuAzMn3EuJ+BUfLAY7a"
    "DwLcOop+9utVvScuZuhfLr7+EDXPu+eqg7sdqjKui5LD2+Gm/cG905CsXmPbfkTWTgM2nx"
    "i21AU4tjGpZAS13ax3NpX8LuhqPq9E4km7u/YjmE5+i/vqCZEKvwotjAUG4GbaNSsU2Fkw"
    "a8+VNJ2s1ABg775oYADYNrVR0pLaU9G3VXUrT0VgUn+gq2KQ1vSusjI/Ehd7fF1R/C91dl"
    "xnfDfjdo2t74nIM4bEuzyni4VlEMQ2DLSSYF+5yfG1/4rMF9f+yfzkCH4bi7k4Yi4Og0rJ"
    "YqQyJJMeUODmGssNSeTOJMxaiv2Y0A0ptck/whO0XD2wRrFrsbBdj1Ic21qAqu30jFMPVh"
    "XoMBWmlZXSZrgtCJcOTNFUoNsCBMliVlnsNt+k4aKnXOo22CrAMkVNWrH7VnKpMawVLg9W"
    "EFmt1mF3RGy0hZaUlxe3fcjFSvcLMDOrfhCGWrJfwG8lBnB5hMhvFD5H7WPeqY85229NqU"
    "JWahBrV9daa/xJKMCclhkgyN1UxH1s11zPMW+/yLMuQTwU0lX4jkjJdFW/AV4ipXfAa74D"
    "3gIegXiuZ6ktwzmxAU5XHeyIIvlsEeXqpPZEYvc57Y8zsjvKXg+TpLeqaZ4W1StH71aOnq"
    "jrX2Wltg/Ud7hUTAvKerbBuOm2NEEFOBiRUk5hS0KRlIkYgTHmGAQFl0FLGMsOoj4H1TvQ"
    "vnGJsVldXO8z0zPdGpcYhGuiQnCZJfjBISGPCvEW+c9V9Rkrh2NOSlc3KC2V+zgTcuhXLZ"
    "mJE49rsyk45eZtNvWGwtJTN3l+ghhcgC2C7TNQcDXhrjt588qEf01CZHrNy0OEFzDHIzg2"
    "fUOk2+54DNMszL8uHE49UvmUvZvb6qm+X1M9M6hXUjmkEte4va5yU5ZwTteqFumUyOBCqL"
    "opdbWl59TTftM+K2IZqxK1bZDwXbUNCPJiW01RPYuTanuG6t3uDnu/uhYIa8k4LuKsvLND"
    "JjN8v8ZwVazfOLenQ/77bWFHh4b7bETVCxr2xcN32eiDbtvRHhsPUrs+hGngZaURkgzxms"
    "IIQaPud8nQoYt1xO942oD3HU8raZ84Va+3wFtTRw3rlEgrKYA9wruDBEA8E+lDaghnhDTG"
    "92G8thxrC5RzYhrn+3DW0bbV0MMLmheOvQm7fE+0yHB09tWbd0nnlH8kt5ZByphM+nQtm/"
    "FEQ+h00VJTmmFMS9WURm/f0+EaoFNddKrLPnVFjxbbvsfO/OwRY0WMm0tiUC+7cpW3qF1z"
    "3bDtzJONe7bsan+nLk3Y/1QGXZmpOyJzA++lgm3UfhDkpfOCj7AeKG1FHwvoXcPqmeM227"
    "gRxmDFV+qPtIzukta7RFiLomVVoVdyYv3oGHHbwXTMwrLJTP6hsDRkhPTae//ae4tty5z5"
    "DrdKDDXV8dE5sae81xa9JZ5nmWQG/4sPUMm7VCI7vFHb8r6/MWjqe3CWiA4P7mmjEMVpTY"
    "jitBiiGCMnty/YCvNYcniQd+CsDlAzibNNxdq8sC6v1zdDo7YnP4lu7ok9+e+iV35hpa7b"
    "+Ny4kQ35VjSf+ayh91ZWOPIItBfljXBQ0GgNA9CzsI0W1EPYocKMjKy4Zt/R0bV/Op9Orv"
    "1XJ5OF2G9nAkeOj44mIldnguHIyfyN+H1kijbT14djeSlRIyk0bcJlzWCrHcQpYoSU117q"
    "zZNpo7o2qj85o7oXO68ajt5EQOdqlWRC7NRJ0TswO2bk/nYbcvqtbsfZN9A1P2uFn30TdO"
    "CdIWtalHG0zPlaniaJxQwHTbWnf1ikRNUa/iBDeM+g7SQZI0VFqK0EbdR+gEun3jJsn2iJ"
    "ixm7A1I8W2G2UgG5IDjAodyJKRy7FiyJN8RRhrwoqTNd7hvfolrLbcnUXF/6MhbaYeXLCP"
    "W9rXyp7dDbdIDWc5T1nBD9KjUnSmi/X8sRLbtXcn7TtfB3X8RJ1c38MO9yr22vWtvZK20H"
    "xxNYY14YSwwQ4PZHL8cezNUqACcSgytI1j7jNgnHlq0UDZsS0ZGwGR7YRiQscDs4q7Q5b0"
    "pEj/j7dUy9bYZWdNotl0DWRBRBJuZnshmVFUzINBjXlkyIm4qs7Uf06ZRmmtekabWZYt4j"
    "G9fJpAmjgVbVJUAn9xaDusW2X0LRq/P6Y4FBUMhdp/ST764FM0+p6euTTXEF6FmxHPILIb"
    "d/umdd9sPFL++/nKGfL88+nH87D5lOPOXLk1kb4+XZuy/9KYD+jniWsSqbjcMztdMwTtpo"
    "j/rOZt6OzUy3xGOKynpKZBBTbc5jdnLSxGN2clLtMRPnChV61dxk7kDRnTTyR05q/JGToj"
    "8S7shLK7TX5XjHInofLUXN/FEXs7/+H0CviYg="
)
