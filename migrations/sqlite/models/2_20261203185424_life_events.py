from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "application_links" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "follower" VARCHAR(16) NOT NULL,
    "waits_for" VARCHAR(16) NOT NULL,
    "on_the_spot" INT NOT NULL,
    CONSTRAINT "uid_application_followe_be61e4" UNIQUE ("follower", "waits_for")
) /* An application that waits for another (一件事: 社保卡 after 户口): it starts when that one is completed. */;
CREATE INDEX IF NOT EXISTS "idx_application_followe_279ed0" ON "application_links" ("follower");
CREATE INDEX IF NOT EXISTS "idx_application_waits_f_5046c7" ON "application_links" ("waits_for");
        CREATE TABLE IF NOT EXISTS "bundle_submissions" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "number" VARCHAR(16) NOT NULL UNIQUE,
    "bundle" VARCHAR(64) NOT NULL,
    "citizen" VARCHAR(128) NOT NULL,
    "channel" VARCHAR(16) NOT NULL,
    "hall" VARCHAR(64) NOT NULL,
    "answers" JSON NOT NULL,
    "materials" JSON NOT NULL,
    "created_at" TIMESTAMP NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_bundle_subm_citizen_efbdad" ON "bundle_submissions" ("citizen");
        CREATE TABLE IF NOT EXISTS "bundle_members" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "item" VARCHAR(64) NOT NULL,
    "situation" VARCHAR(64),
    "application_no" VARCHAR(16) NOT NULL UNIQUE,
    "position" INT NOT NULL,
    "submission_id" INT NOT NULL REFERENCES "bundle_submissions" ("id") ON DELETE RESTRICT
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "bundle_members";
        DROP TABLE IF EXISTS "application_links";
        DROP TABLE IF EXISTS "bundle_submissions";"""


MODELS_STATE = (
    "eJztXWlz27iW/SsofYldpeRZcuwknqmpyuJ0e7K4x3G/6XntLjZEQhKfKYLNxY7mTf77XI"
    "A7CVKETMoUjS+JTOJyOQCBc1f8a7SiBrG8Fz9jy7qi96Mz9K+RjVcEfhRPjdEIO056gh3w"
    "8czibZfQiB/BM893se7DwTm2PAKHDOLprun4JrXhqB1YFjtIdWho2ov0UGCbfwVE8+mC+E"
    "viwonf/4DDpm2Q78SL/3RutblJLCP3qDo8Ebs7P6P5a4cffb/E7kfelt1wpunUClZ2tr2z"
    "9pfUTgTgidjRBbGJi31iZF6CPWP0svGh8HnhgO8GJHlQIz1gkDkOLD/z0jMtPTbStK+X19"
    "q382tNG0nApFObQWzavscxWOHvmkXshb+EP09f/gjvkyIRtmI3/Pvbq/c/v706OH15yG5I"
    "oZ/C3vsanZnyUz/4JbCPw4tw5FOo+f8SUMft24E6PpBinY6ynYM9PTpqgDa0qoSbn2N4p/"
    "gy4Mv4/ue3y69ifOP2BXwNU/fR/yHL9Pw9xLkGVoYEu/LK8/6ysmgefHn7WxHo958v33Fw"
    "qOcvXH4VfoF3BdD1JdFvvWAlNYdkZAY4uNuaSVKQA8dgYGjYL8P8Ac745oqIoc5LFkd6JP"
    "oi/rGP0LsEG5e2tY4Wjxrory++nH+7fvvll9xH8OHt9Tk7M+VH14WjB6eFbkougv774vpn"
    "xP5E/7j8el78VpJ21/8YsWfCgU81m95r2MhiFB+On56t0/PbzPLBDsywfnuPXUMrnaFTWt"
    "W2fGo1XRWPYBsveJ8xcNljRszlG3HvTJ1c+GRVwW0KLWopjhe21UxorKiOojqK6jyY6hAH"
    "u/6K2IIFoRrlvNQAsT6eNoD6eFqJNDuVB/oW3ksG4rj9AMGdnDYAd1JcL1Nw2SlF2BVh7w"
    "PoirArwj4owv4ztg06n4+EVsjwVC1FX4aNmrHz0Vukm775v8RG9xh+2As0py7yfDyfnyHs"
    "3RKDH8DIIa5HbXSwDODJDxEc0+nKsWAwQJOD+Ld/+GJUGDsd3eIB2oMp4AEXti/+ik0RCT"
    "Dt0voU6QD91RsW7BGeTycvX718fXz68jU04Y+ZHHlV8/1efL3eoCfoMO5sYsmtRYnIAJei"
    "9klWANq3DL5x+67AfTy1dzJ93QTc6etqdNm5PLywmsH0IwNwKrG78Tvis+NoT4cwsxvJIB"
    "y33wrfaHz2c3pon6la2PM1n3wXENVrOCoGOCc0iFm4joWe/3Zdr4UlJPTz5def4uZF1SwP"
    "OxAZP/BkBnUqscNpgzpkb2cNHSba7XSwvOQAdbD91bn4IRmlK7tSO5ZJBN/cu0jw46crYm"
    "GOZbnb88rUFVxrvb8dnx4dZdTYjnXTELNqBTXBdKOWqmW6somyyrVGtCKrGXGfeQjb3j1x"
    "kU9Be4yuOEa3xPG5Rgl6YaJ6HsBZ5BHbR6Bhztb8HA38Gf0u1Fg7u49SW/ultvKOlly8Q4"
    "FBkKWunS6ydFQx0QcwUUWTBkuTst0cL51S60FeaPO6sAd92sbSUKKfJZjLGH+kLjEX9iey"
    "5lBfwENhWxcFPZTN9nsGcRXJhMMuvk84SmF0AQLw3sTnGFzBeL+6eA9gP4475R2lt/CKFb"
    "FPmbO1dBXOUHh9FnDRQdjT76OIPrJLmwZZOdQntr7Wbsl6BG/3Ow8t5/2IOa++h/EAk8bC"
    "pYHD/oYLwiXtgNHV0R8FQlmSjuwP/MKpLYLYhscWgD8UAd2p30SFssU2/UYm/RqLfslslH"
    "5UjdFNRZTXpJHXZKcW/b6tj12b9OOJuym4cXsFbgNwo9WwrCdVhaytNylHewhyDahM2Sn7"
    "Olzf20LBzAkq/bLX+mVMBCW7OCOmOrjXHbwnHssZ6GYkfpa981mCcmjeEa7BSQCdl2ol6q"
    "FHFL+TBIqivizDRcuiwws06YT1h9+mNpOCOye0w4kko9Tt40xSNPY0hbsoN0ClYNIE62qo"
    "i0jnzGglpCtNXUWxrazrfZtDWjF7FQex/PAd6JysQqQUdd+GuuvM02RZ23V0QbaFru7ZRz"
    "aonmaJetBXpr1NVxeFVV/3uq/x1p+0+p73pI9Z5Yyt+jgnqPq4z31sU81bMhHpTs5Lql7u"
    "cy+HPEqTTxcrCQ5PsWk/gtSzqC8X6paRUHFum+PcGFxldKWD3L7BZaIwqj3Dt2mQW2Zc9S"
    "rC7QNen3/XSfzepRi33Plxwyg3zcBrjcRijfMzQCrKnfCIjzArUoQwy4UgiMUmnCHdoh4x"
    "xoilo7GsfvJi8QJhG2Hjn4EHQwbdU5dF5PEr+Us+4Aq5Ga3f48YGHk1sA7vIMmcudtfIoM"
    "RDNvXRLawCaE38wzFcwfgbdRH5Diggx8I6NHGIi9i4qMrtyMfeFSPzVKTdLiPtVDCNCqZ5"
    "NJYrCKYJp6kyau8otQi2KzhkIlTAbgZS+8ceaxB7d3n5OacSvLso5sD8+uXdeezggUZmuB"
    "6XnQ98ytbCKVtiYi2K7Y5NHvV6is0qvL5cccio/Q6dv6OdTKidRDao0mPbzBt7YU+QSHvv"
    "UnX4L+a5fk8D2+d0taQ65M43Vh1Cf7geijVUHa6XBLFaJIgLo9CZjhbmHbFZ/jQn2oyQjT"
    "lpZ0nWoX8Y8fCGcgp3C9fbSOfHhRgLRe8VvVf0PtP8SdN7Fba1q7AtXsNKOmqrIKXIvdBO"
    "/Di8JDYmi3YrSO3MzdgIM881JCGXNkEsSJVdhpv1snbFMYoipdD9EkjE3HSBXYQhreiAuu"
    "FRzOjEMw/p2MG66a8Rq3G5IJ6gyEzXN6ulL2k+Tn22sEoGVhxGcZgny2FUvt9A7Q8q3+8J"
    "dXDMDyQW7KyICqIQWL7T5MSGiKYCStOQ1DTyqMODPbDyZ77oz54N5KpolU7rfr7HKwebC2"
    "F4SXJuXKeR6VEryUqfTuAtw7KbHlmseFnNOWLvDj9ZBEeU2uedodDcbHBTruOSO5Pcs788"
    "piW5eO6PWaSHjTx9SYzAivKKRUU/u7vljX1g+l5UDhS59N5D967p+0yVY6qfDkAYAWF//A"
    "l3Y+6bP9GK3sFFmckaHoNVE/0rMImPljRwvcMxusc+uzzoi3F2hyoz2kPFTlXJ6VCx86lj"
    "6jLoJgIDhLf9CNwV8TxYFmQAzogMEeJGzv7jGmf/cdnZHy02ZZSrN9HLiKh99B6wj96e1E"
    "PhnGK0kxHefn5yxGek7UipmEqK6bONgYdZyDDHVEDpw0XjQpySL1deJS81wHW3feaoqiY8"
    "iclJVU0Yck/3JGbhszknH0OjVslGlpwb19nIbOqb87U2h4YSAQv+klmlsnvQLPAdQf8DY9"
    "Eeo7lLVwijO+Ka8B4G8mjg6uQMDs1M118iNmzRQXL64kMUKsnzneDPkpms+1uydCzXeOYh"
    "vims4Zp37G6WqRP4EuEw+e6Y7hodOC55HlrdmCTSl6bFpMKbHNjkfkZdG7lkYTIYGWSs3Y"
    "09CzzTBgUV2mZPooPoFihz4RfoKw3f1vTQIgApYvwbf/PksZHpe8SaswY8YYw4Ndlg2ZLU"
    "0Xi4wxbMAuUwjPg89LSKwthtSfZe1g1/zHi9LkoIxuO7KcRx+wHi277NTlSYoDrURegsk4"
    "102R9WIwh0CSdhidGYCAwulal9LSskAFL2tURCfe0NvnaX6NQ1tlJvCqJKkVXqjVi9ueRe"
    "65FAuYnO1Ko2NG3TSKmJHEjMD89MwC8Qy+cyTM/h7m4X6D3Xlf4WH3rhrA+RY+q3HvrTAQ"
    "EYEH9GHvYl9Qhzq8MIR0vsIZ3CeBaqNbu46SatwA2scN4D9YgaArUgdT2Ely9u42QR7BEt"
    "sH3TCk9lLp62YsEMifDKW5iGUjJ2q2TcwmvJLIlx+wEuiB3YdXupwQ1s5ycHry2KBYO42m"
    "OdEVEe6wd4rKOpX5LrpVKK5vWO5u1hQELEeXajlrYfkgBaT+BI79CSlxrcLoydFDKJSW1T"
    "jBMSPLj6mO1TnUhRkEA3lVD4bsYX+z5ZOb5M3aisiApuKQW3WNiUioVOBIY3XNs3BWbVf0"
    "l6WBBVgQ59pogs1d8mUsniGZHhfUnTJhP/tHrin5YmfuK6VFBPpBrfRGCA6HbBCg1imXfE"
    "lWTfqczwYO4gd4ObdiUATgQUupvR1TOpjw25YVZE7RNXHfqsInIHTV9i/5NkH2fEFD3tW/"
    "/2xFH9LZgx+GfkJxfbwmjcQotxg5jcBWvZPCj3ORuByIvvg0JxdHATvCRHRzfB6Ww6gX+P"
    "pq9ugtczPL0J3pwenRyeIYL1JcI623YBmTYPNHUs7M+pu3rmIYc6gYOwZTEfMysVxt3Uo8"
    "LoepQH2OTXZhYRuA7RzLJTWzmeVXTr0KJbs+NdAumC2ADRbt9C65IV3CtyRDWcLHIyykZb"
    "ZOGq8rxiaTthaZWbVuXON2FoXkagcZGhaGFjNVTDAj8IiA4nNrxECCu5AzMFG2kuI08joE"
    "zHBtCnN5M3QJlOpxMgUdOj6enN6HDM0pVYeZ97018aLr7HVigBhMsAkvXmNbQ9mbw28td4"
    "SV4z6TKJ69vDbSR4vKaKonaK2vWIbHRD7VS5oS6NqjBlm3eCcJHabbFSoe22xeobyDWgtr"
    "gvVlgvfCtja05S0bze0bxccpuJZaarqPkOAwlhNO1VYaOecOjryFhwReaBhy0RjS42acKk"
    "3bCtxMZNcRUALslKYKLYjgHkNcqqAYqamCO1lbfQwilEI3eM2d6ARv5Povs3cNOXx5OjyR"
    "gOzbFpEeMMLumW6PFubntjzyyq3wIHBvApiiIokL90abBYwv/YT+7JCgDA48FzMJoOHHmF"
    "eCwN+7lOTKo+wgsYm8pmqoj1fi2IymY6LJsp9kQ1AmpishMJBXCjsGFZSq2odE+pdE/Y3l"
    "vHsUydlyo6Z+RFRPdKbWr5Hk5bh3xIouqUZcI/UUVyHBjAa1iPW2cs9XnMt6di/wI9ijTF"
    "cIvN5foFgmcktvGc2tZanIbd3qVVFfR+0SgYVdTVZDOf81IDXH3aT23jkEljPFR4u+Cqan"
    "0fzPquKuk8wY5mDgM5BSiVGOIc2X7Bdx9orMZqgcqAnJcaXG21JgtR9TJUWoTCrP9tQM6K"
    "DQ7ljgaz9Dge6FzRySCWH78DRbf9wWtTX2rsxu0HNy+cNMpiPKnJYjwRZTH62LQE47e6Cl"
    "JGZPdVkEb/Pg9sTmXQLDAt37S9F+y2/9FVH+y6NlLWqiVlxSkLqp1PqzbrFMJdxvojdYm5"
    "sD+RNYf8Ah6MbacgwLZswBzW9pxw2MX3iaFRMNjgB0BAwlidK1Bwri7eA/aPbmz+bNq3o3"
    "pbM28ybmpqtqB10whdG2UkQ3/7PWaBrMzHjmGl4nU546yml2R+yqNWZ2foJnj15pjAX3PD"
    "uAlOjk8nCM99aM1CY49fsUPk+PCMeeTDzcq5ZTm8BYuxNXnRTod1iCDFqk8PJgwjmFOWpB"
    "UGTvAH0+DBVBTBo5q/s33SlIxlZQZYl7J1spuOdQmQc0IK5c0oM3yWRPMcKjCT1gbqFiR3"
    "GK2bHNmrcN3+OZ+vuEW1jg5EzK0RG2hGBKo7YrOLN1sc23HpyvQIgGGHpa+X2OIDju+3rC"
    "pg73Q5DLdPkrJMJBKDq7vZ/hytthxXBcb328ceT85NEY7bqxHcZATvvoBgvyFWXiPlNdpb"
    "dNsfvA6GC5fgrdvaIWzfD48Gu99gPBqgsnjC8ibVvZERUR3SeofsR/bEPntVXaIT8y5U1E"
    "swV29kWRB74I6WfZvya2AWbGmZ2DoMvJapXl+SU15QQeq8g4NtsM1LqcJTFbDC2iXaMLT6"
    "wy/KPeW9bLNGThkI82JPeu60sOeHKVFbBIKXhFUoeK9DwecWFnDrGpds1H5wTK59JfKOuJ"
    "4wMKhyhcxI7G51nOzJ6qiKoz+JCUm3qLddL2cFVYH0vvWxhC8/sw1NkphdiLKI5D5+uiJW"
    "En65MaoySQvfz++7FFf5QyrqIWNgADREJrUY1kubXFP4ZzO4V8mV9vJrEiMqERryngUjRv"
    "KlqJD05LguIESPmzWv3BpLsCDL0+mbE1bHXn9ziLDH6kCZ+i3xz+AXjHqyoO56DL/h83VY"
    "JVVkEGywKgNjXmPA8/F8/syD046oJEHH95ILYGFb+LLYFRWposo/DczbrxzSnatj8QQlhX"
    "FGRoHcAGSffBcQ92s4KgY4bj8IcOso+vlv1/WeuIShf778+lPcvOieq072sqnMuC5LDm/H"
    "u/YH905DsnqNbfsRWTsN2Hxi2FIH4NjGpJITVHaz3tlUcqnYoXIk7GFx76YST9rdtR/BdP"
    "xb3FdPCFf4ZWhhIjAAN9OuWSHDzoRZeyal6eSlBgB790WEQ8C2qZWWlVSeir6tqlt5KkKT"
    "+gNdFYO0pneVlfmBONj1VxXFgDNnx3XGdyNp19j6noo88xB7l+d0Pjd1gry1B1pJWPhgcn"
    "wTvCKz+U1wMjs5gt/6fMaOGPPDsJoBG6ke4kkPKHRzjfkGZXynMs9csP0Z0S0R2uQf4Qla"
    "riZco9i1WOi2RymObS1A1XZ6z6curCrQYTJMKy+lzHBbEC4VmKKoQLcFCNLFrLL4fbFJw0"
    "VPuvR9uHWQabAa9awgT3qpMawVjh+uILx6ve3dE7bxJlpQX1zs/iEXExb+MXKrfhiGKtg/"
    "6HeBAZwfIfwbhc9R+Zh36mPO91tTqpCXGsTa1bXWmnwSEjBnZQYIcjcV8h/bNddzzNvf9E"
    "FtSTAU0lX6johguqrfEDeVUjviNt8Rdw6PQFzHNeWW4YLYAKerDnZI43y2jHJ1Unsqsfuc"
    "9scZ2R1lr0dJ0lvtcZIVVStH71aOnqjrX3mltvc0sH2umJaU9XyDcdPawWEFOBiRXE5ii2"
    "KWlIk8AmPM1gkKL4MWMJZtRANWWDfUvrHA2Cwvrvad65lujQUG4ZqoECyyBD84JORRId4i"
    "/7mqPmPlcCxIqeoGPSrgGvlVBTNx6nFtNgVn3LzNpt5ImHvqJs9PkAcX8ObhdloovBpz15"
    "28ecXqoRuE8PSal4dJWfST6RvC3XbHY5hmYf514HDmkcRT9m5uq6b6fk31nk5dQeWQSlyT"
    "9qrKjSjhnK5kLdIZkcGFUHVT6mpLz6mr/KZ9VsRyViW+iYMWOHIbEhXFtpqiehYn1fYM1b"
    "vdnvZ+dS0RVsE4LuMsvdNTLjN8v8ZwVazfuLDHU/H7bWGHp4b7bsXVCxr2xcN33eqDbtvR"
    "nlsPUrveR2ngotIIaYZ4TWGEsFH3u2So0MU64nc8bcD7jqeVtI+dqtdb4K2pLYd1RqSVFM"
    "Ae4d1BAiDWWPqQHMI5IYXxJoxXpm1ugXJBTOG8CWcVbVsNPbygcWlb66jL90SLjEZnX715"
    "V3RG/Q/kztSJiMlkT9eyGZc1hE5nLRWlGca0VE1p1PY9Ha4BKtVFpbrsU1f0aLHte+zMLy"
    "7Rl0S/vSI6dfMrl7hF7ZrrRG01lzfu2bKr/J2qNGH/UxlUZabuiMwtvJcMtnH7QZCXzgs+"
    "wnogKMhQHWKdCKhdw+qZ4zbbuBHPgxVfqj+yMqpLWu8SZi2Kl1WJXimI9aNj2G0H0zFz0y"
    "Ia/0NiacgJqbV389p7hy3T0ALbNwWGmur46ILYU95ri94R1zUNosH/7AOU8i4JZIc3alve"
    "9zcBTX4PToHo8OCeNgpRnNaEKE7LIYoJcnz7gq0wTySHB3kHzuoQNYPY21SsLQqr8np9Mz"
    "Qqe/KT6Oae2JP/znrlV0/ouk3OjRvZkO9Ycy3wGnpveYUjl0B7Vt4IhwWNVjAAXRNbaE5d"
    "hG3KzMjITGr2HR3dBKez6eQmeHUymbP9diZw5PjoaMJydSYYjpzM3rDfRwZrM319OOaXYj"
    "WSItMmXNYIt9pBPkUeIeLaS715MmVUV0b1J2dUdxPnVcPRmwqoXC1BJsROnRS9A7NjRh5s"
    "tyFn0Op2nH0DXfGzVvjZN0YH3uq8poWIo+XO1/I0Tiw0HDZVnv5hkRJZa/iDDOE9g7aTZI"
    "wMFaGWFLRx+wEunWrLsH2iJQ72vHsgxdoSe0sZkEuCAxzKnZjCsWPCknhLbGnIy5Iq02XT"
    "+GbVWu4EU3N96ctEaIeVL2PU97bypbJDb9MBSs+R1nMi9KvUnDihfbOWw1p2r+T8rmrh77"
    "6Ik6yb+WHe5V7bXpW2s1faDk4msMa8MJEYIMDtj14fuzBXywCcSgyuIFn7jNsgPjYtqWjY"
    "jIiKhM3xwDYiYYHbwVmpzXkzImrEb9Yx1bYZStFpt1wCWRFWBJkYn8h6JCqYkGswri2ZkD"
    "RlWduP6NMRZprXpGm1mWLeIxvXyaQJo4FW1SVAJxuLQd1hKxBQ9Oq8/kRgEBRy1yn95Ltj"
    "wswjNH19tCiuAD0vVkB+zuT2T/esy364/PXd53P0y9X5+4tvFxHTSaZ8fjJvY7w6f/u5Pw"
    "XQ3wW2YZEvfDIVzcm587VT8oy31MJ5WXnZh2V6UlFUXRatMf2gomJpjW0vK6Scwg0Umt5t"
    "vNgj/ta+xQ8UF1M8pisn46yIimUVOCO9YLYyPU+6qHdJTqG7uap3CpqA/sqW9Q5p1LfcJf"
    "cM7h/xqNpQTro02Fqo79023810RCXnzXfWRt6bvrbivsPivlUbftXEmFZt9qWIQpkohN+P"
    "DLyphFIvmtRFVmlb3adt6Uts20QqojcjMsBxvOcR0/0Gt6ttp6Uc3BkR5eBu3cEdZ13L1U"
    "XLCvWjUwZVGE1FA2/TFUNzkmdrFybOjkIkfiT48dMVsarMtBUulv3s+JJd4EeXavxbmOb0"
    "5UigvEdnxrX79qZtlJq+MwbTsZp+Bx+ipA8lIzJAkjg9OWmS6HVyUp3oxc6VvCiSrpOBoj"
    "tplEY3qUmjm5TT6OCOvnBj4brSxInI7gnf4/CJ1qjdo8Zg/Ph/nNu0Fg=="
)
